"""Patrol book, meeting minutes and the camera maintenance book (SQLite and PostgreSQL)."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from controlroom.errors import InvalidInput, NotFound
from controlroom.records import audit, maintenance, meetings, patrols
from controlroom.records.db import Database
from controlroom.records.models import AuditEntry, Camera, CameraFault, Gap, HealthEvent
from controlroom.records.users import SYSTEM

T0 = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


def _camera(db: Database, code: str = "CAM-01") -> int:
    with db.session() as s:
        cam = Camera(uid=str(uuid.uuid4()), name=f"Cổng chợ {code}", code=code)
        s.add(cam)
        s.flush()
        return cam.id


def test_patrol_add_warns_about_missing_roles(db: Database) -> None:
    p = patrols.PatrolInput(T0, T0 + timedelta(hours=3), "Trần Văn Bình",
                            [patrols.parse_member("Lê Văn An:police"),
                             patrols.parse_member("Nguyễn Văn Cường:truong_thon")],
                            "Thôn 1 – chợ Tịnh Châu", "Không phát hiện vi phạm")
    with db.session() as s:
        row = patrols.add(s, SYSTEM, p)
        assert patrols.missing_roles([m.role for m in row.members]) == ["militia_head"]
        vi, en = patrols.missing_text(["militia_head"])
        assert "Thôn đội trưởng" in vi and "militia" in en
    with db.read() as s:
        (got,) = patrols.in_range(s, T0 - timedelta(days=1), T0 + timedelta(days=1))
        assert [m.role for m in got.members] == ["leader", "police", "village_head"]
        assert s.scalar(select(AuditEntry.action).order_by(AuditEntry.id.desc())) == "patrol.add"
        assert audit.verify(s).ok


def test_patrol_links_incidents_by_code(db: Database) -> None:
    from controlroom.records import incidents

    with db.session() as s:
        incidents.ensure_categories(s)
        inc = incidents.add(s, SYSTEM, occurred_at=T0, category="trom_cap",
                            summary="Mất trộm xe máy")
        code = inc.code
        row = patrols.add(s, SYSTEM, patrols.PatrolInput(
            T0, T0 + timedelta(hours=2), "A", incident_refs=[code, code]))
        assert patrols.linked_codes(s, row) == [code]
    with db.session() as s, pytest.raises(NotFound):
        patrols.add(s, SYSTEM, patrols.PatrolInput(T0, T0 + timedelta(hours=2), "A",
                                                   incident_refs=["9999/2026"]))


@pytest.mark.parametrize("bad", ["Tên:chief", ":police"])
def test_patrol_member_roles_are_checked(bad: str) -> None:
    with pytest.raises(InvalidInput):
        patrols.parse_member(bad)


def test_patrol_times_are_checked(db: Database) -> None:
    with db.session() as s, pytest.raises(InvalidInput):
        patrols.add(s, SYSTEM, patrols.PatrolInput(T0, T0, "A"))


def test_week_count_runs_monday_to_sunday_local(db: Database) -> None:
    # Sunday 22/11/2026 23:30 local and Monday 23/11/2026 00:30 local are different weeks
    sun = datetime(2026, 11, 22, 16, 30, tzinfo=UTC)
    mon = datetime(2026, 11, 22, 17, 30, tzinfo=UTC)
    with db.session() as s:
        for t in (sun, mon):
            patrols.add(s, SYSTEM, patrols.PatrolInput(t, t + timedelta(hours=2), "A"))
    with db.read() as s:
        assert patrols.this_week(s, now=sun) == patrols.WeekCount(1, 2)
        assert patrols.this_week(s, now=mon + timedelta(days=6)).done == 1


def test_meeting_with_decisions_stays_open_until_done(db: Database) -> None:
    m = meetings.MeetingInput(T0, "monthly", "Trần Văn Bình", "Lê Thị Hoa",
                              ["Lê Văn An", "Phạm Thu Hà"], [("Đặng Việt", "đi học")],
                              "Đánh giá tình hình tháng 11", "Hội trường",
                              [meetings.parse_decision("Sửa camera cổng chợ|Lê Văn An|05/12/2026"),
                               meetings.parse_decision("Tuyên truyền")])
    with db.session() as s:
        row = meetings.add(s, SYSTEM, m)
        mid = row.id
    with db.read() as s:
        got = meetings.get(s, mid)
        assert [a.present for a in got.attendees] == [True, True, False]
        assert got.attendees[2].reason == "đi học"
        opened = meetings.open_decisions(s)
        assert [d.text for d in opened] == ["Sửa camera cổng chợ", "Tuyên truyền"]
        assert opened[0].due_utc == datetime(2026, 12, 4, 17, tzinfo=UTC)
        first = opened[0].id
    with db.session() as s:
        meetings.close_decision(s, SYSTEM, first)
    with db.read() as s:
        assert [d.text for d in meetings.open_decisions(s)] == ["Tuyên truyền"]
    with db.session() as s, pytest.raises(InvalidInput):
        meetings.add(s, SYSTEM, meetings.MeetingInput(T0, "weekly", "A", "B"))
    with db.read() as s, pytest.raises(NotFound):
        meetings.get(s, 999)


def test_last_working_day_and_reminder(db: Database) -> None:
    assert meetings.last_working_day(2026, 11) == date(2026, 11, 30)  # Monday
    assert meetings.last_working_day(2026, 1) == date(2026, 1, 30)  # Sat 31 -> Fri 30
    assert meetings.last_working_day(2025, 8) == date(2025, 8, 29)  # Sun 31 -> Fri 29
    now = datetime(2026, 11, 27, 2, tzinfo=UTC)  # Friday 27/11 local
    with db.read() as s:
        r = meetings.monthly_reminder(s, now, days_before=3)
        assert r is not None and r.due == date(2026, 11, 30) and r.days_left == 3 and not r.held
        assert meetings.monthly_reminder(s, now, days_before=2) is None
    with db.session() as s:
        meetings.add(s, SYSTEM, meetings.MeetingInput(now, "monthly", "A", "B"))
    with db.read() as s:
        r = meetings.monthly_reminder(s, now, days_before=3)
        assert r is not None and r.held


def _events(db: Database, cam: int, seq: list[tuple[datetime, str]]) -> None:
    with db.session() as s:
        for ts, state in seq:
            s.add(HealthEvent(camera_id=cam, ts=ts, state=state))


def test_fault_lifecycle(db: Database) -> None:
    _camera(db)
    with db.session() as s:
        f = maintenance.add(s, SYSTEM, "CAM-01", "Mất hình ban đêm", reported_by="Lê Văn An",
                            reported_at=T0)
        fid = f.id
    with db.session() as s:
        maintenance.close(s, SYSTEM, fid, "Thay nguồn 12V", cause="Nguồn hỏng",
                          cost_vnd=350_000, closed_at=T0 + timedelta(hours=5))
    with db.read() as s:
        row = maintenance.get(s, fid)
        assert (row.state, row.cost_vnd, row.cause) == ("closed", 350_000, "Nguồn hỏng")
    with db.session() as s, pytest.raises(InvalidInput):
        maintenance.close(s, SYSTEM, fid, "lại")
    with db.session() as s, pytest.raises(NotFound):
        maintenance.add(s, SYSTEM, "CAM-99", "x")


def test_suggest_from_health_events_and_gaps(db: Database) -> None:
    a, b = _camera(db, "CAM-01"), _camera(db, "CAM-02")
    _events(db, a, [(T0, "recording"), (T0 + timedelta(hours=1), "offline"),
                    (T0 + timedelta(hours=1, minutes=10), "connecting"),
                    (T0 + timedelta(hours=2), "recording"),  # 60 min outage: suggested
                    (T0 + timedelta(hours=3), "offline"),
                    (T0 + timedelta(hours=3, minutes=5), "recording")])  # 5 min: not
    with db.session() as s:
        s.add(Gap(camera_id=b, stream="main", start_utc=T0 + timedelta(hours=4), end_utc=None,
                  reason="offline"))
    now = T0 + timedelta(hours=6)
    with db.session() as s:
        created = maintenance.suggest(s, SYSTEM, now=now)
        got = sorted((f.camera_id, f.down_from, f.down_to) for f in created)
    assert got == [(a, T0 + timedelta(hours=1), T0 + timedelta(hours=2)),
                   (b, T0 + timedelta(hours=4), None)]
    with db.session() as s:
        assert maintenance.suggest(s, SYSTEM, now=now) == []  # never twice
        s.execute(Gap.__table__.update().values(end_utc=T0 + timedelta(hours=7)))
    with db.session() as s:
        assert maintenance.suggest(s, SYSTEM, now=T0 + timedelta(hours=8)) == []
        fb = s.scalar(select(CameraFault).where(CameraFault.camera_id == b))
        assert fb is not None and fb.down_to == T0 + timedelta(hours=7)
        fa = s.scalar(select(CameraFault).where(CameraFault.camera_id == a))
        assert fa is not None
        maintenance.confirm(s, SYSTEM, fa.id)
        maintenance.dismiss(s, SYSTEM, fb.id, "Mất điện lưới")
    with db.read() as s:
        assert [f.state for f in maintenance.listing(s)] == ["dismissed", "open"]


def test_availability_and_time_to_repair(db: Database) -> None:
    cam = _camera(db)
    day = timedelta(days=1)
    _events(db, cam, [(T0, "recording"), (T0 + timedelta(hours=6), "offline"),
                      (T0 + timedelta(hours=8), "recording"),
                      (T0 + timedelta(hours=20), "auth_failed"),
                      (T0 + timedelta(hours=21), "online")])
    with db.read() as s:
        (av,) = maintenance.availability(s, T0 - day, T0 + day)
    # known time is 24 h (the day before the first event is unknown); down 3 h
    assert av.known_s == 24 * 3600 and av.up_s == 21 * 3600
    assert av.percent == pytest.approx(87.5)
    assert av.outages == 2 and av.repair_s == pytest.approx(1.5 * 3600)
