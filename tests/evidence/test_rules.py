"""The rules the window and the CLI share: four eyes (a setting), who runs a request,
where officers may write."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from controlroom.errors import PermissionDenied
from controlroom.evidence import rules
from controlroom.evidence.export import run_export
from controlroom.records import exports, settings
from controlroom.records.users import SYSTEM
from tests.evidence.fixtures import T0, Recorded


def _request(r: Recorded, who: object) -> int:
    req = exports.ExportRequest((r.camera.id,), T0, T0 + timedelta(seconds=15), "CV 1",
                                "Điều tra")
    with r.db.session() as s:
        return exports.create_request(s, who, req).id  # type: ignore[arg-type]


def test_four_eyes_on_by_default_and_a_setting(recorded: Recorded) -> None:
    r = recorded
    own = _request(r, r.leader)
    with r.db.session() as s, pytest.raises(PermissionDenied) as ei:
        rules.approve(s, r.leader, own)
    assert "hai người" in ei.value.vi and "four-eyes" in ei.value.en
    with r.db.session() as s:
        settings.set_value(s, SYSTEM, "export_four_eyes", False)
    with r.db.session() as s:
        rules.approve(s, r.leader, own)
    with r.db.read() as s:
        assert exports.get(s, own).status == "approved"


def test_self_approved_request_cannot_run_while_the_rule_is_on(recorded: Recorded,
                                                               tmp_path: Path) -> None:
    r = recorded
    own = _request(r, r.leader)
    with r.db.session() as s:
        exports.approve(s, r.leader, own)  # bypassing the rules: the run still refuses
    with pytest.raises(PermissionDenied) as ei:
        run_export(r.db, r.leader, own, tmp_path, r.home)
    assert "hai người" in ei.value.vi
    with r.db.read() as s:
        assert exports.get(s, own).status == "approved"


def test_only_the_requester_runs_it(recorded: Recorded, tmp_path: Path) -> None:
    r = recorded
    eid = r.approved(T0, T0 + timedelta(seconds=15))
    with pytest.raises(PermissionDenied) as ei:
        run_export(r.db, r.admin, eid, tmp_path, r.home)
    assert "Chỉ người đề nghị (Nguyễn Văn Đức)" in ei.value.vi
    assert list(tmp_path.glob("2026*")) == []


def test_destination_rule(recorded: Recorded, tmp_path: Path) -> None:
    for who in (recorded.officer, recorded.leader):
        with pytest.raises(PermissionDenied) as ei:
            rules.check_destination(who, tmp_path)
        assert "ổ rời" in ei.value.vi and "removable" in ei.value.en
    rules.check_destination(recorded.admin, tmp_path)
