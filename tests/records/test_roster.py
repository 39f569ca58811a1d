"""Roster services on SQLite and PostgreSQL: generate, check, publish, edit, swap, repair."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from controlroom.errors import PermissionDenied
from controlroom.records import roster
from controlroom.records.db import Database
from controlroom.records.models import AuditEntry, RosterAssignment
from controlroom.records.users import SYSTEM, Identity

NAMES = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Minh Dũng", "Hoàng Thị Em",
         "Vũ Đức Giang", "Đặng Văn Hùng"]


def _staff(db: Database, n: int = 7) -> None:
    with db.session() as s:
        for i, name in enumerate(NAMES[:n]):
            roster.add_officer(s, SYSTEM, name, rank="Thượng úy",
                               posts="desk,leader" if i < 4 else "desk")


def test_generate_check_publish_and_locked_edits(db: Database) -> None:
    _staff(db)
    with db.session() as s:
        out = roster.generate(s, SYSTEM, "2027-02", seconds=5)
    assert out.covered == out.total == 28 * 4 and not out.uncovered
    with db.read() as s:
        assert roster.check_month(s, "2027-02") == []
        doc = roster.month_json(s, "2027-02")
    a0 = doc["assignments"][0]  # type: ignore[index]
    assert a0["start"] == "2027-02-01T07:00+07:00" and a0["post"] in ("desk", "leader")
    with db.session() as s:
        roster.publish(s, SYSTEM, "2027-02")
    with db.session() as s, pytest.raises(roster.RosterLocked):
        roster.generate(s, SYSTEM, "2027-02", seconds=1)
    with db.session() as s:
        m = roster.get_month(s, "2027-02")
        rows = roster.assignments(s, m)
        first = rows[0]
        other = next(r for r in rows if r.day == first.day and r.officer_id != first.officer_id)
        other_name = roster._name(s, other.officer_id)
        slot_id = first.id
    with db.session() as s, pytest.raises(roster.RosterLocked):
        roster.set_assignment(s, SYSTEM, slot_id, other_name)
    # the officer already on the other post of the same shift: double booking
    with db.session() as s, pytest.raises(roster.RosterConflict):
        roster.set_assignment(s, SYSTEM, slot_id, other_name, reason="thử")
    with db.session() as s:
        found = roster.set_assignment(s, SYSTEM, slot_id, other_name, reason="thử", force=True)
        assert found and found[0].kind == "double_booking"
    with db.read() as s:
        kinds = {v.kind for v in roster.check_month(s, "2027-02")}
        assert "double_booking" in kinds
        e = s.scalars(select(AuditEntry).where(AuditEntry.action == "roster.edit")).one()
        assert "thử" in e.detail


def test_swap_takes_effect_only_when_a_leader_approves(db: Database) -> None:
    _staff(db)
    with db.session() as s:
        roster.generate(s, SYSTEM, "2027-03", seconds=5)
        roster.publish(s, SYSTEM, "2027-03")
        rows = roster.assignments(s, roster.get_month(s, "2027-03"))
        a = next(r for r in rows if r.post == "desk" and r.shift_key == "day")
        b = next(r for r in rows if r.post == "desk" and r.shift_key == "day"
                 and r.day >= a.day + timedelta(days=10) and r.officer_id != a.officer_id)
        ids, before = (a.id, b.id), (a.officer_id, b.officer_id)
    officer = Identity(42, "canbo", "Cán bộ", "officer")
    with db.session() as s:
        sw = roster.request_swap(s, SYSTEM, *ids, reason="việc gia đình")
        sw_id = sw.id
    with db.session() as s, pytest.raises(PermissionDenied):
        roster.decide_swap(s, officer, sw_id, True)
    with db.read() as s:
        assert (s.get(RosterAssignment, ids[0]).officer_id,  # type: ignore[union-attr]
                s.get(RosterAssignment, ids[1]).officer_id) == before  # type: ignore[union-attr]
    with db.session() as s:
        conflicts = roster.swap_conflicts(s, *ids)
        roster.decide_swap(s, SYSTEM, sw_id, True, force=bool(conflicts))
    with db.read() as s:
        assert (s.get(RosterAssignment, ids[0]).officer_id,  # type: ignore[union-attr]
                s.get(RosterAssignment, ids[1]).officer_id) == before[::-1]  # type: ignore[union-attr]


def test_repair_after_sickness_changes_few_and_is_shown_first(db: Database) -> None:
    _staff(db)
    with db.session() as s:
        roster.generate(s, SYSTEM, "2027-04", seconds=5)
        roster.publish(s, SYSTEM, "2027-04")
        roster.add_leave(s, SYSTEM, "Phạm Minh Dũng", date(2027, 4, 10), date(2027, 4, 12),
                         "Sốt xuất huyết", kind="sick")
    with db.read() as s:
        bad = [v for v in roster.check_month(s, "2027-04") if v.kind == "on_leave"]
    assert bad
    with db.session() as s:
        out = roster.propose_repair(s, "2027-04", seconds=5)
        assert out.changes and len(out.changes) <= 4 * len(bad) + 4
        before = {r.id: r.officer_id for r in roster.assignments(s, roster.get_month(s, "2027-04"))}
        assert all(before[r.id] == old for r, old, _ in out.changes)  # nothing written yet
        roster.apply_repair(s, SYSTEM, out, "Cán bộ Dũng ốm")
    with db.read() as s:
        assert roster.check_month(s, "2027-04") == []


def test_rest_holds_across_the_year_end(db: Database) -> None:
    _staff(db, 6)
    with db.session() as s:
        roster.generate(s, SYSTEM, "2026-12", seconds=4)
        roster.generate(s, SYSTEM, "2027-01", seconds=4)
    with db.read() as s:
        assert roster.check_month(s, "2026-12") == []
        assert roster.check_month(s, "2027-01") == []
        rows = roster.assignments(s, roster.get_month(s, "2026-12"))
        last = [r for r in rows if r.day == date(2026, 12, 31) and r.night]
        assert last and all(r.end_utc.year == 2027 for r in last)


def test_too_few_people_names_the_shift_and_why(db: Database) -> None:
    _staff(db, 3)
    with db.session() as s:
        roster.add_leave(s, SYSTEM, "Lê Văn Cường", date(2027, 5, 1), date(2027, 5, 31), "Học")
        out = roster.generate(s, SYSTEM, "2027-05", seconds=3)
    assert out.uncovered and out.covered < out.total
    _, vi, en = out.uncovered[0]
    assert "/05/2027" in vi and "Lê Văn Cường" in vi and "nobody can take it" in en
    with db.read() as s:
        assert any(v.kind == "uncovered" for v in roster.check_month(s, "2027-05"))


def test_officer_requests_and_permissions(db: Database) -> None:
    _staff(db, 6)
    officer = Identity(42, "canbo", "Cán bộ", "officer")
    with db.session() as s, pytest.raises(PermissionDenied):
        roster.add_officer(s, officer, "Ai Đó")
    with db.session() as s:
        roster.add_request(s, SYSTEM, "nguyen van an", date(2027, 6, 12), "night", want=True,
                           weight=10)
        roster.edit_officer(s, SYSTEM, "Vũ Đức Giang", posts="desk,patrol", active=False)
        roster.generate(s, SYSTEM, "2027-06", seconds=4)
    with db.read() as s:
        rows = roster.assignments(s, roster.get_month(s, "2027-06"))
        an = roster.find_officer(s, "Nguyễn Văn An").id
        giang = roster.find_officer(s, "Vũ Đức Giang").id
        assert any(r.officer_id == an and r.day == date(2027, 6, 12) and r.night for r in rows)
        assert not any(r.officer_id == giang for r in rows)
        bal = {b.officer: b for b in roster.balances(s, "2027-06")}
        assert bal["Nguyễn Văn An"].month["hours"] > 0 and bal["Vũ Đức Giang"].year["hours"] == 0


def test_requests_are_listed_and_withdrawn_by_their_owner(db: Database) -> None:
    _staff(db, 3)
    stranger = Identity(4242, "khach", "Khách", "officer")
    with db.session() as s:
        r1 = roster.add_request(s, SYSTEM, "nguyen van an", date(2027, 6, 12), "night",
                                want=False, weight=7, note="con ốm")
        roster.add_request(s, SYSTEM, "nguyen van an", date(2027, 7, 1), "day", want=True)
        rid = r1.id
    with db.read() as s:
        june = roster.requests_between(s, date(2027, 6, 1), date(2027, 6, 30))
        assert [(r.day, r.shift_key, r.want, r.weight) for r in june] == \
            [(date(2027, 6, 12), "night", False, 7)]
    with db.session() as s, pytest.raises(PermissionDenied):
        roster.remove_request(s, stranger, rid)
    with db.session() as s:
        roster.remove_request(s, SYSTEM, rid)
    with db.read() as s:
        assert roster.requests_between(s, date(2027, 6, 1), date(2027, 6, 30)) == []
        assert s.scalar(select(AuditEntry).where(AuditEntry.action == "roster.request_removed"))
