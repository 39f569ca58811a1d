"""Demo data for the duty roster and the handover book: officers (the demo accounts plus
a few without one), leave and a request, last month and this month generated and
published, the current shift checked in (one officer late) and the last shifts handed
over, acknowledged and partly reviewed — so the shift dock is filled when the window
opens."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from controlroom.paths import DataHome
from controlroom.records import handover as ho
from controlroom.records import roster
from controlroom.records import roster_calendar as cal
from controlroom.records.db import Database
from controlroom.records.models import User
from controlroom.records.users import SYSTEM, Identity, identity
from controlroom.timeutil import to_local, utcnow

# (name, rank, position, phone, posts, demo username or None)
OFFICERS = (
    ("Trần Thị Hồng Nhung", "Thượng úy", "Tổ trưởng", "0912 345 601", "desk,leader", "totruong"),
    ("Lê Đức Thắng", "Trung úy", "Cán bộ", "0912 345 602", "desk", "canbo1"),
    ("Phạm Thị Thu Hà", "Thiếu úy", "Cán bộ", "0912 345 603", "desk", "canbo2"),
    ("Đặng Quốc Việt", "Hạ sĩ", "Cán bộ", "0912 345 604", "desk,patrol", "canbo3"),
    ("Hoàng Văn Nam", "Thiếu tá", "Phó Trưởng Công an xã", "0912 345 605", "desk,leader", None),
    ("Vũ Minh Tuấn", "Đại úy", "Tổ phó", "0912 345 606", "desk,leader", None),
    ("Ngô Thị Lan", "Trung úy", "Cán bộ", "0912 345 607", "desk", None),
    ("Bùi Đức Long", "Thiếu úy", "Cán bộ", "0912 345 608", "desk,patrol", None),
    ("Đỗ Thị Mai", "Trung úy", "Cán bộ", "0912 345 609", "desk", None),
)

NOTES = (
    "Ca trực bình thường. Camera cổng chợ mất tín hiệu ngắn, đã tự kết nối lại.",
    "Tiếp nhận 01 tin báo qua đường dây nóng, đã chuyển tổ tuần tra xác minh.",
    "Không có vụ việc. Đã kiểm tra ổ ghi, dung lượng còn đủ.",
    "Bàn giao chìa khóa tủ hồ sơ và sổ theo dõi trích xuất.",
)


def _month_of(d: date) -> str:
    return cal.month_key(d)


def _ident(s: object, username: str | None) -> Identity:
    if not username:
        return SYSTEM
    u = s.scalar(select(User).where(User.username == username))  # type: ignore[attr-defined]
    return identity(u) if u is not None else SYSTEM


def seed(db: Database, home: DataHome) -> None:
    now = utcnow()
    today = to_local(now).date()
    this_month = _month_of(today)
    last_month = _month_of(today.replace(day=1) - timedelta(days=1))
    next_month = _month_of(today.replace(day=28) + timedelta(days=5))
    with db.session() as s:
        if roster.list_officers(s):
            return
        users_ = set(s.scalars(select(User.username)))
        for name, rank, pos, phone, posts, user in OFFICERS:
            roster.add_officer(s, SYSTEM, name, rank=rank, position=pos, phone=phone,
                               posts=posts, user=user if user in users_ else None,
                               team="Tổ nòng cốt")
        roster.add_leave(s, SYSTEM, "Ngô Thị Lan", today + timedelta(days=3),
                         today + timedelta(days=7), "Nghỉ phép năm", "leave")
        roster.add_leave(s, SYSTEM, "Hoàng Văn Nam", today + timedelta(days=10),
                         today + timedelta(days=11), "Tập huấn tại Công an tỉnh", "business")
        roster.add_request(s, SYSTEM, "Phạm Thị Thu Hà", today + timedelta(days=5), "night",
                           want=False, weight=5, note="Con nhỏ ốm")
        roster.add_request(s, SYSTEM, "Hoàng Văn Nam", today + timedelta(days=14), "day",
                           want=True, weight=3, note="Đổi ca để đi học tối")
        # the post's own day: the police's traditional day counts as a holiday shift
        roster.set_holiday(s, SYSTEM, date(today.year, 8, 19),
                           "Ngày truyền thống Công an nhân dân", 2)
        # a template for festival weeks: a patrol officer on the night shift too
        base = cal.BUILTIN_TEMPLATES["2x12"]
        night = base.shift("night")
        roster.save_template(s, SYSTEM, cal.Template(
            "2x12-le-hoi", "Hai ca 12 giờ, đêm có tuần tra (mùa lễ hội)", base.day_start,
            (base.shift("day"), cal.ShiftDef(night.key, night.name_vi, night.name_en,
                                             night.start, night.hours, True,
                                             {"desk": 1, "leader": 1, "patrol": 1}))))
    for month in (last_month, this_month, next_month):
        with db.session() as s:
            roster.generate(s, SYSTEM, month, seconds=3)
            if month != next_month:
                roster.publish(s, SYSTEM, month)
    # the current shift: desk checked in on time, the leader 25 minutes late
    with db.session() as s:
        cur = ho.shift_at(s, now)
        if cur is not None:
            for i, seat in enumerate(cur.seats):
                at = cur.start + timedelta(minutes=4 if i == 0 else 25)
                if seat.officer and at < now:
                    ho.check_in(s, SYSTEM, seat.officer, at)
    # the last four shifts handed over; the latest waits for the leader's review
    when = now
    pages = []
    with db.read() as s:
        for _ in range(4):
            prev = ho.previous_shift(s, when)
            if prev is None:
                break
            pages.append(prev)
            when = prev.start + timedelta(minutes=1)
    for i, sh in enumerate(reversed(pages)):
        with db.session() as s:
            h = ho.open_for(s, SYSTEM, sh)
            hid = h.id
            out_user = _user_of(s, h.outgoing)
            in_user = _user_of(s, h.incoming)
            ho.submit(s, _ident(s, out_user), hid, NOTES[i % len(NOTES)],
                      at=sh.end - timedelta(minutes=6))
            ack_by = _ident(s, in_user)
        ho.acknowledge_and_anchor(db, home, ack_by, hid, at=sh.end + timedelta(minutes=3))
        if i < len(pages) - 1:
            with db.session() as s:
                ho.review(s, _ident(s, "totruong"), hid, True,
                          "Đã xem." if i % 2 else "")


def _user_of(s: object, officer_name: str) -> str | None:
    if not officer_name:
        return None
    try:
        o = roster.find_officer(s, officer_name)  # type: ignore[arg-type]
    except Exception:
        return None
    if o.user_id is None:
        return None
    u = s.get(User, o.user_id)  # type: ignore[attr-defined]
    return u.username if u else None
