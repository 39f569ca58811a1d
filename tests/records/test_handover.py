"""Desk check-in, late/missing flags, the handover book and the leader's review."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from controlroom.errors import PermissionDenied
from controlroom.paths import DataHome
from controlroom.records import audit_anchor, roster, roster_output, users
from controlroom.records import handover as ho
from controlroom.records.db import Database
from controlroom.records.models import Camera, Gap, HealthEvent, Incident, Snapshot
from controlroom.records.users import SYSTEM

NAMES = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Minh Dũng", "Hoàng Thị Em",
         "Vũ Đức Giang"]


def _local(d: int, h: int, m: int = 0) -> datetime:
    return datetime(2027, 3, d, h, m, tzinfo=UTC) - timedelta(hours=7)


def _setup(db: Database) -> None:
    with db.session() as s:
        for i, name in enumerate(NAMES):
            users.create(s, SYSTEM, f"cb{i}", "matkhau-123", "leader" if i < 3 else "officer",
                         full_name=name)
            roster.add_officer(s, SYSTEM, name, posts="desk,leader" if i < 3 else "desk",
                               user=f"cb{i}")
        roster.generate(s, SYSTEM, "2027-03", seconds=4)
        roster.publish(s, SYSTEM, "2027-03")


def test_check_in_late_and_missing_are_flagged(db: Database) -> None:
    _setup(db)
    with db.read() as s:
        sh = ho.shift_at(s, _local(5, 10))
        assert sh is not None and sh.shift_key == "day" and sh.start == _local(5, 7)
        desk, leader = sh.officer("desk"), sh.officer("leader")
        nxt = ho.next_shift(s, _local(5, 10))
        assert nxt is not None and nxt.shift_key == "night" and nxt.start == _local(5, 19)
    with db.session() as s:
        ho.check_in(s, SYSTEM, desk, _local(5, 7, 40))
    with db.read() as s:
        fl = {x.officer: x.flag for x in ho.flags(s, _local(5, 8))}
        assert fl == {desk: "late", leader: "missing"}
        kinds = {q.kind for q in ho.leader_queue(s, _local(5, 8))}
        assert {"late", "missing"} <= kinds
    with db.session() as s:
        ho.check_in(s, SYSTEM, leader, _local(5, 8, 5))
        ho.check_out(s, SYSTEM, desk, _local(5, 19, 2))
    # an officer may not check someone else in
    with db.session() as s:
        someone = next(o for o in roster.list_officers(s) if o.full_name not in (desk, leader))
        ident = users.identity(s.get(users.User, someone.user_id))  # type: ignore[arg-type]
        if not ident.at_least("leader"):
            with pytest.raises(PermissionDenied):
                ho.check_in(s, ident, desk, _local(5, 8))


def test_handover_round_trip_is_frozen_and_anchored(db: Database, home: DataHome,
                                                    tmp_path: Path) -> None:
    _setup(db)
    with db.session() as s:
        cam = Camera(uid=str(uuid.uuid4()), name="Cổng chợ Đông", code="CAM01")
        s.add(cam)
        s.flush()
        s.add(Incident(code="0001/2027", year=2027, seq=1, occurred_at=_local(5, 9, 30),
                       summary="Trộm cắp xe máy", location="Chợ Đông"))
        s.add(HealthEvent(camera_id=cam.id, ts=_local(5, 11), state="offline"))
        s.add(Gap(camera_id=cam.id, start_utc=_local(5, 11), end_utc=_local(5, 11, 20),
                  reason="offline"))
        s.add(Snapshot(camera_id=cam.id, ts=_local(5, 9, 35), path="a.jpg"))
        s.add(Incident(code="0002/2027", year=2027, seq=2, occurred_at=_local(5, 20),
                       summary="ngoài ca"))
    audit_anchor.checkpoint(db, home, "test", create_key=True)
    with db.session() as s:
        sh = ho.shift_at(s, _local(5, 18))
        assert sh is not None
        h = ho.open_for(s, SYSTEM, sh)
        kinds = [it["kind"] for it in json.loads(h.items)]
        assert kinds.count("incident") == 1 and {"offline", "gap", "snapshot"} <= set(kinds)
        assert "Trộm cắp xe máy" in h.items
        assert h.outgoing == sh.officer("desk") and h.incoming
        hid = h.id
        ho.submit(s, SYSTEM, hid, "Camera chợ Đông mất tín hiệu 20 phút, đã tự kết nối lại.")
    h = ho.acknowledge_and_anchor(db, home, SYSTEM, hid)
    assert h.status == "acknowledged" and len(h.content_sha256) == 64
    assert json.loads(h.anchor)["seq"] >= 2
    with db.session() as s, pytest.raises(ho.HandoverFrozen):
        ho.save_note(s, SYSTEM, hid, "sửa lại")
    with db.session() as s:
        ho.amend(s, SYSTEM, hid, "Bổ sung: đã báo chủ camera kiểm tra nguồn.")
        assert [q.ref for q in ho.leader_queue(s, _local(5, 20)) if q.kind == "handover"] == [hid]
        ho.review(s, SYSTEM, hid, approve=True)
        assert not [q for q in ho.leader_queue(s, _local(5, 20)) if q.kind == "handover"]
        assert ho.intact(ho.get(s, hid))
    out = tmp_path / "so.pdf"
    with db.read() as s:
        assert roster_output.write_handover_pdf(s, _local(1, 12).date(), _local(31, 12).date(),
                                                out) == 1
    assert out.read_bytes().startswith(b"%PDF")
    # a direct edit of the frozen page is detected
    with db.session() as s:
        ho.get(s, hid).note = "sửa trộm"
    with db.read() as s:
        assert not ho.intact(ho.get(s, hid))


def test_only_the_shift_or_a_leader_writes_the_page(db: Database) -> None:
    _setup(db)
    with db.session() as s:
        sh = ho.shift_at(s, _local(6, 21))
        assert sh is not None
        h = ho.open_for(s, SYSTEM, sh)
        hid, on_shift = h.id, {h.outgoing, h.incoming}
        stranger = next(o for o in roster.list_officers(s) if o.full_name not in on_shift
                        and o.posts == "desk")
        ident = users.identity(s.get(users.User, stranger.user_id))  # type: ignore[arg-type]
    with db.session() as s, pytest.raises(PermissionDenied):
        ho.save_note(s, ident, hid, "không phải ca tôi")
    with db.session() as s, pytest.raises(PermissionDenied):
        ho.review(s, ident, hid, True)


def test_sign_in_checks_the_officer_on_shift_in_once(sqlite_db: Database) -> None:
    from sqlalchemy import select

    from controlroom.records.models import AuditEntry

    _setup(sqlite_db)
    with sqlite_db.read() as s:
        sh = ho.shift_at(s, _local(5, 10))
        nxt = ho.next_shift(s, _local(5, 10))
        assert sh is not None and nxt is not None
        desk = roster.find_officer(s, sh.officer("desk"))
        night = roster.find_officer(s, nxt.officer("desk"))
        off = next(o for o in roster.list_officers(s)
                   if o.full_name not in {x.officer for x in sh.seats + nxt.seats})
        ids = {o.full_name: users.identity(s.get(users.User, o.user_id))  # type: ignore[arg-type]
               for o in (desk, night, off)}
        dname, nname, oname = desk.full_name, night.full_name, off.full_name
        desk_seat = next(x.assignment.id for x in nxt.seats if x.post == "desk")
    with sqlite_db.session() as s:
        ci = ho.check_in_at_sign_in(s, ids[dname], _local(5, 7, 5))
        assert ci is not None and ci.check_in_at == _local(5, 7, 5)
        # signing in again later in the shift changes nothing
        assert ho.check_in_at_sign_in(s, ids[dname], _local(5, 9)) is None
        # not on the shift now → nothing; the next shift's officer 20 min early → checked in
        assert ho.check_in_at_sign_in(s, ids[oname], _local(5, 10)) is None
        assert ho.check_in_at_sign_in(s, ids[nname], _local(5, 12)) is None
        early = ho.check_in_at_sign_in(s, ids[nname], _local(5, 18, 40))
        assert early is not None and early.assignment_id == desk_seat
        # the system account is no officer
        assert ho.check_in_at_sign_in(s, SYSTEM, _local(5, 10)) is None
    with sqlite_db.read() as s:
        rows = list(s.scalars(select(AuditEntry).where(AuditEntry.action == "desk.check_in")))
        assert len(rows) == 2 and all(json.loads(r.detail)["auto"] is True for r in rows)
    with sqlite_db.read() as s:
        seat = next(x for x in ho.shift_at(s, _local(5, 10)).seats  # type: ignore[union-attr]
                    if x.officer == dname)
        assert seat.check_in == _local(5, 7, 5) and seat.flag == ""


def test_automatic_check_in_at_sign_in_follows_the_setting(db: Database) -> None:
    from controlroom.records import settings

    _setup(db)
    with db.read() as s:
        sh = ho.shift_at(s, _local(5, 10))
        assert sh is not None
        desk = roster.find_officer(s, sh.officer("desk"))
        ident = users.identity(s.get(users.User, desk.user_id))  # type: ignore[arg-type]
    with db.session() as s:
        settings.set_value(s, SYSTEM, "roster_auto_checkin", "false")
    with db.session() as s:
        assert ho.check_in_at_sign_in(s, ident, _local(5, 7, 5)) is None
        mine = ho.my_desk(s, ident, _local(5, 7, 5))
        assert mine.can_check_in and not mine.can_check_out
    with db.session() as s:
        settings.set_value(s, SYSTEM, "roster_auto_checkin", True)
    with db.session() as s:
        ci = ho.check_in_at_sign_in(s, ident, _local(5, 7, 6))
        assert ci is not None and ci.check_in_at == _local(5, 7, 6)
    with db.read() as s:
        mine = ho.my_desk(s, ident, _local(5, 8))
        assert not mine.can_check_in and mine.can_check_out
        assert mine.check_in == _local(5, 7, 6)
