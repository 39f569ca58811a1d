"""Real small, read-only and filling-up file systems (tmpfs mounts; the tests run as root)."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from controlroom.evidence.export import (
    DriveChanged,
    ExportError,
    Progress,
    run_export,
    target_identity,
)
from controlroom.records import exports
from controlroom.records.models import AuditEntry
from tests.evidence.fixtures import T0, Recorded

pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="mounting tmpfs needs root")


@pytest.fixture
def mount(tmp_path: Path) -> Iterator[object]:
    mounted: list[Path] = []

    def make(size: str) -> Path:
        d = tmp_path / f"mnt{len(mounted)}"
        d.mkdir()
        subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(d)],
                       check=True)
        mounted.append(d)
        return d

    yield make
    for d in mounted:
        subprocess.run(["umount", "-l", str(d)], check=False)


def _failed(r: Recorded, eid: int) -> tuple[str, str, list[str]]:
    with r.db.read() as s:
        e = exports.get(s, eid)
        acts = [a.action for a in s.scalars(select(AuditEntry).where(
            AuditEntry.object_id == e.uid))]
        return e.status, e.error, acts


def test_too_small_is_refused_before_writing(recorded: Recorded, mount: object) -> None:
    dest = mount("2m")  # type: ignore[operator]
    eid = recorded.approved(T0, T0 + timedelta(seconds=40))
    with pytest.raises(ExportError) as ei:
        run_export(recorded.db, recorded.officer, eid, dest, recorded.home)
    assert "Không đủ chỗ" in ei.value.vi and "Not enough space" in ei.value.en
    assert list(dest.iterdir()) == []
    status, error, acts = _failed(recorded, eid)
    assert status == "failed" and "Not enough space" in error and "export.fail" in acts


def test_read_only_target(recorded: Recorded, mount: object) -> None:
    dest = mount("64m")  # type: ignore[operator]
    subprocess.run(["mount", "-o", "remount,ro", str(dest)], check=True)
    eid = recorded.approved(T0, T0 + timedelta(seconds=40))
    with pytest.raises(ExportError) as ei:
        run_export(recorded.db, recorded.officer, eid, dest, recorded.home)
    assert "chỉ cho phép đọc" in ei.value.vi and "read-only" in ei.value.en
    status, error, acts = _failed(recorded, eid)
    assert status == "failed" and "read-only" in error and "export.fail" in acts


def test_drive_fills_up_midway(recorded: Recorded, mount: object) -> None:
    dest = mount("16m")  # type: ignore[operator]
    eid = recorded.approved(T0, T0 + timedelta(seconds=40))

    def someone_fills_the_drive(p: Progress) -> None:
        if p.phase == "video" and not (dest / "other.bin").exists():
            with (dest / "other.bin").open("wb") as f:
                try:
                    while True:
                        f.write(b"\0" * 65536)
                except OSError:
                    pass

    with pytest.raises(ExportError) as ei:
        run_export(recorded.db, recorded.officer, eid, dest, recorded.home,
                   progress=someone_fills_the_drive)
    assert "đã đầy" in ei.value.vi and "full" in ei.value.en
    assert [p.name for p in dest.iterdir()] == ["other.bin"]  # partial folder removed
    status, error, acts = _failed(recorded, eid)
    assert status == "failed" and "full" in error and "export.fail" in acts


def test_drive_gone_before_the_start_is_never_written(recorded: Recorded,
                                                      mount: object) -> None:
    """The drive was chosen, then lazily unmounted: its bare mount point on the system disk
    must not receive the export, and the approved request stays executable."""
    dest = mount("64m")  # type: ignore[operator]
    chosen = target_identity(dest)
    subprocess.run(["umount", "-l", str(dest)], check=True)
    eid = recorded.approved(T0, T0 + timedelta(seconds=40))
    with pytest.raises(DriveChanged) as ei:
        run_export(recorded.db, recorded.officer, eid, dest, recorded.home, device=chosen)
    assert "không còn là ổ đã chọn" in ei.value.vi and "tmpfs" in ei.value.vi
    assert list(dest.iterdir()) == []
    with recorded.db.read() as s:
        assert exports.get(s, eid).status == "approved"


@pytest.mark.parametrize("phase", ["master", "record", "finish"])
def test_drive_unmounted_while_writing(recorded: Recorded, mount: object, phase: str) -> None:
    dest = mount("64m")  # type: ignore[operator]
    eid = recorded.approved(T0, T0 + timedelta(seconds=40), cams=(recorded.camera.id,
                                                                  recorded.camera2.id))

    def pull(p: Progress) -> None:
        if p.phase == phase and os.path.ismount(dest):
            subprocess.run(["umount", "-l", str(dest)], check=True)

    with pytest.raises(ExportError) as ei:
        run_export(recorded.db, recorded.officer, eid, dest, recorded.home, progress=pull)
    assert "không còn là ổ đã chọn" in ei.value.vi or "biến mất" in ei.value.vi
    assert list(dest.iterdir()) == []  # the system disk's folder got nothing
    status, error, acts = _failed(recorded, eid)
    assert status == "failed" and "export.complete" not in acts and "export.fail" in acts
