"""Demo: a year of plausible history so the dashboard and a year report mean something on
first launch — patrols (2–3 a week), monthly/quarterly/yearly meetings with decisions,
camera outages in the recorder's health events with the faults and repairs they led to,
and, when nobody else seeded a history, two years of incidents and tips up to a month ago
(through their own services; the last month is `demo_incidents`').

Deterministic (fixed random seed); everything ends before "now", so the live recorder's
own events continue the history.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from sqlalchemy import func, select

from controlroom.paths import DataHome
from controlroom.records import incidents, maintenance, meetings, patrols, tips
from controlroom.records.db import Database
from controlroom.records.models import Camera, HealthEvent, Incident, Meeting, Patrol
from controlroom.records.users import Identity
from controlroom.timeutil import DEFAULT_TZ, as_utc, to_local, tz, utcnow

LEADER = Identity(0, "totruong", "Trần Thị Hồng Nhung", "leader")
OFFICERS = (Identity(0, "canbo1", "Lê Đức Thắng", "officer"),
            Identity(0, "canbo2", "Phạm Thị Thu Hà", "officer"),
            Identity(0, "canbo3", "Đặng Quốc Việt", "officer"))
HEADS = ("Nguyễn Văn Hùng (Trưởng ban)", "Trần Thị Hồng Nhung (Phó ban)")
POLICE = ("Lê Đức Thắng", "Phạm Thị Thu Hà", "Đặng Quốc Việt")
VILLAGES = {"Thôn Đông": ("Võ Văn Lợi", "Huỳnh Tấn Phát"),
            "Thôn Tây": ("Nguyễn Thị Mai", "Trương Công Định"),
            "Thôn Trung": ("Phan Văn Sáu", "Lê Văn Tám"),
            "Thôn Bắc": ("Đỗ Thị Lan", "Bùi Quang Huy")}
ROUTES = ("chợ Tịnh Châu – bến đò – trường tiểu học", "đường liên xã – cầu Bà Tứ",
          "khu dân cư mới – quán internet – bãi cát ven sông", "nghĩa trang – ngã ba Đồng Chùa",
          "cổng KCN – dãy nhà trọ công nhân")
FINDINGS = ("Tình hình bình thường, không phát hiện vi phạm.",
            "Nhắc nhở 3 thanh niên tụ tập uống rượu sau 23 giờ.",
            "Phát hiện 1 xe máy để ngoài đường không khóa, đã báo chủ nhà.",
            "Nhắc nhở quán karaoke giảm âm lượng sau 22 giờ.",
            "Camera ngã ba Đồng Chùa bị cành cây che, đã báo tổ bảo trì.",
            "Giải tán nhóm đua xe trên đường liên xã, ghi biển số 2 xe.")
INCIDENTS = {
    "trom_cap": ("Mất trộm xe máy trước nhà dân", "Trộm gà tại hộ gia đình",
                 "Mất điện thoại tại chợ"),
    "giao_thong": ("Va chạm giữa xe máy và xe đạp", "Xe tải đỗ chắn đường"),
    "tai_nan_giao_thong": ("Tai nạn giao thông tại ngã ba, 1 người bị thương nhẹ",),
    "danh_nhau": ("Xô xát giữa hai nhóm thanh niên", "Đánh nhau sau tiệc cưới"),
    "trat_tu_cong_cong": ("Gây mất trật tự tại quán karaoke", "Tụ tập gây ồn ào ban đêm"),
    "danh_bac": ("Nghi vấn đánh bạc tại nhà hoang",),
    "ma_tuy": ("Nghi vấn sử dụng ma túy tại bãi cát ven sông",),
    "chay_no": ("Cháy rơm rạ gần khu dân cư",),
    "moi_truong": ("Đổ trộm rác thải xây dựng ven đường",),
    "khac": ("Tìm thấy ví tiền, đã trả lại người đánh rơi", "Trẻ em đi lạc, đã đưa về nhà"),
}
TIPS = ("Phản ánh nhóm thanh niên tụ tập đua xe ban đêm", "Tố giác nghi vấn mua bán ma túy",
        "Báo tin có người lạ lảng vảng quanh khu nhà trọ", "Phản ánh tiếng ồn quán karaoke",
        "Báo tin mất trộm tài sản", "Tố giác đánh bạc tại nhà dân")
FAULTS = (("Mất hình do adapter nguồn hỏng", "Adapter 12V cháy", "Thay adapter nguồn", 180_000),
          ("Mất kết nối mạng", "Đứt cáp mạng do xe tải kéo", "Nối lại cáp, đi lại dây", 250_000),
          ("Hình ảnh mờ, bị che", "Cành cây che ống kính", "Cắt tỉa cành cây, lau ống kính", 0),
          ("Mất tín hiệu sau mưa bão", "Nước vào hộp kỹ thuật", "Thay hộp kỹ thuật chống nước",
           320_000),
          ("Camera khởi động lại liên tục", "Nguồn điện chập chờn", "Lắp ổn áp nhỏ", 450_000))
MEETING_CONTENT = (
    "1. Đánh giá tình hình an ninh, trật tự trong tháng và kết quả vận hành hệ thống camera.\n"
    "2. Kết quả tuần tra, tiếp nhận tin báo, trích xuất dữ liệu phục vụ điều tra.\n"
    "3. Triển khai nhiệm vụ tháng tới.")
DECISIONS = ("Kiểm tra, sửa chữa camera hỏng trong tuần", "Tăng cường tuần tra đêm khu nhà trọ",
             "Tuyên truyền bà con lắp camera gia đình kết nối hệ thống",
             "Rà soát danh sách chủ camera, cập nhật số điện thoại",
             "Phối hợp thôn Đông kiểm tra quán karaoke")


def _team(rnd: random.Random) -> tuple[str, list[tuple[str, str]], str]:
    village = rnd.choice(list(VILLAGES))
    head, militia = VILLAGES[village]
    members = [(rnd.choice(POLICE), "police"), (head, "village_head")]
    if rnd.random() < 0.9:  # now and then the militia head could not come
        members.append((militia, "militia_head"))
    if rnd.random() < 0.5:
        members.append((rnd.choice(POLICE), "police"))
    return rnd.choice(HEADS), list(dict.fromkeys(members)), village


def seed_patrols(db: Database, start: datetime, end: datetime, rnd: random.Random) -> int:
    n = 0
    z = tz(DEFAULT_TZ)
    monday = to_local(start).date()
    monday -= timedelta(days=monday.weekday())
    with db.session() as s:
        while True:
            for _ in range(rnd.choice((1, 2, 2, 2, 3, 3))):
                day = monday + timedelta(days=rnd.randint(0, 6))
                t = as_utc(datetime(day.year, day.month, day.day, rnd.choice((19, 20, 21, 22)),
                                    rnd.choice((0, 30)), tzinfo=z))
                if t < start or t > end - timedelta(hours=4):
                    continue
                leader, members, village = _team(rnd)
                patrols.add(s, LEADER, patrols.PatrolInput(
                    t, t + timedelta(hours=rnd.choice((2, 3, 4))), leader, members,
                    f"{village}: {rnd.choice(ROUTES)}", rnd.choice(FINDINGS)))
                n += 1
            monday += timedelta(days=7)
            if as_utc(datetime(monday.year, monday.month, monday.day, tzinfo=z)) > end:
                break
    return n


def seed_meetings(db: Database, start: datetime, end: datetime, rnd: random.Random) -> int:
    z = tz(DEFAULT_TZ)
    n = 0
    d = to_local(start).date().replace(day=1)
    attendees = list(POLICE) + [v[0] for v in VILLAGES.values()]
    with db.session() as s:
        while True:
            day = meetings.last_working_day(d.year, d.month)
            held = as_utc(datetime(day.year, day.month, day.day, 14, 0, tzinfo=z))
            if held > end:
                break
            if held >= start:
                kind = ("yearly" if d.month == 12 else "quarterly" if d.month % 3 == 0
                        else "monthly")
                absent = rnd.sample(attendees, 1)
                decisions = [meetings.DecisionInput(x, rnd.choice(POLICE),
                                                    held + timedelta(days=rnd.randint(5, 25)))
                             for x in rnd.sample(DECISIONS, rnd.randint(1, 3))]
                m = meetings.add(s, LEADER, meetings.MeetingInput(
                    held, kind, HEADS[0], "Phạm Thị Thu Hà",
                    [a for a in attendees if a not in absent],
                    [(absent[0], rnd.choice(("ốm", "đi công tác", "việc gia đình")))],
                    MEETING_CONTENT, "Hội trường Công an xã", decisions))
                for dec in m.decisions:  # most decisions get done, recent ones stay open
                    if dec.due_utc is not None and dec.due_utc < end - timedelta(days=10) \
                            and rnd.random() < 0.85:
                        dec.done_at, dec.done_by = dec.due_utc - timedelta(days=2), "totruong"
                n += 1
            d = (d.replace(day=28) + timedelta(days=5)).replace(day=1)
    return n


def seed_camera_history(db: Database, start: datetime, end: datetime,
                        rnd: random.Random) -> int:
    """Health events with outages; long ones get a fault that was confirmed and repaired."""
    faults = 0
    with db.session() as s:
        cams = list(s.scalars(select(Camera).order_by(Camera.id)))
        for i, cam in enumerate(cams):
            if s.scalar(select(func.count()).select_from(HealthEvent)
                        .where(HealthEvent.camera_id == cam.id, HealthEvent.ts < start)):
                continue
            t = start + timedelta(hours=rnd.uniform(0, 48))
            s.add(HealthEvent(camera_id=cam.id, ts=t, state="recording"))
            flaky = 1.0 + (i % 4 == 2) * 3.0  # one camera in four is the trouble-maker
            while True:
                t += timedelta(hours=rnd.expovariate(flaky / 500))
                if t > end - timedelta(days=1):
                    break
                long = rnd.random() < 0.25
                down = timedelta(hours=rnd.uniform(6, 60)) if long else \
                    timedelta(minutes=rnd.uniform(1, 25))
                s.add(HealthEvent(camera_id=cam.id, ts=t, state="offline",
                                  detail="Connection timed out"))
                s.add(HealthEvent(camera_id=cam.id, ts=t + down, state="connecting"))
                s.add(HealthEvent(camera_id=cam.id, ts=t + down + timedelta(seconds=4),
                                  state="recording"))
                if long:
                    fault, cause, action, cost = rnd.choice(FAULTS)
                    f = maintenance.add(s, rnd.choice(OFFICERS), cam.id, fault, cause=cause,
                                        reported_at=t + timedelta(minutes=40), cost_vnd=0)
                    f.down_from, f.down_to = t, t + down
                    maintenance.close(s, LEADER, f.id, action, cost_vnd=cost,
                                      closed_at=t + down)
                    faults += 1
                t += down
    return faults


def seed_incidents_and_tips(db: Database, home: DataHome, start: datetime, end: datetime,
                            rnd: random.Random) -> tuple[int, int]:
    cats = list(INCIDENTS)
    weights = [8, 5, 2, 4, 5, 1, 1, 1, 1, 3]
    n_inc = n_tip = 0
    with db.session() as s:
        incidents.ensure_categories(s)
        known = set(incidents.category_names(s))
        t = start
        while True:
            t += timedelta(hours=rnd.expovariate(1 / 30))
            if t > end:
                break
            cat = rnd.choices(cats, weights)[0]
            if cat not in known:
                cat = "khac"
            who = rnd.choice(OFFICERS)
            inc = incidents.add(s, who, occurred_at=t, category=cat,
                                summary=rnd.choice(INCIDENTS.get(cat, INCIDENTS["khac"])),
                                area=rnd.choice(list(VILLAGES)),
                                detected_at=t + timedelta(minutes=rnd.randint(0, 90)))
            if t < end - timedelta(days=20):
                incidents.set_status(s, who, inc.code, "resolved")
            n_inc += 1
        t = start
        while True:
            t += timedelta(hours=rnd.expovariate(1 / 70))
            if t > end:
                break
            tip = tips.add(s, rnd.choice(OFFICERS), home, channel=rnd.choice(
                ("phone", "in_person", "vneid", "phone")), content=rnd.choice(TIPS),
                received_at=t, area=rnd.choice(list(VILLAGES)))
            old = t < end - timedelta(days=60)  # an old tip is closed one way or the other
            if (old or rnd.random() < 0.97) and t < end - timedelta(hours=30):
                late = rnd.random() < 0.1
                tips.transfer(s, LEADER, tip.number, "Cơ quan CSĐT Công an huyện",
                              at=t + timedelta(hours=rnd.uniform(26, 40) if late
                                               else rnd.uniform(1, 20)))
                if old or (t < end - timedelta(days=22) and rnd.random() < 0.9):
                    tips.resolve(s, LEADER, tip.number,
                                 at=t + timedelta(days=rnd.uniform(3, 19)))
            n_tip += 1
    return n_inc, n_tip


def seed(db: Database, home: DataHome) -> None:
    rnd = random.Random(2026)
    end = utcnow() - timedelta(hours=1)
    start = end - timedelta(days=400)  # a full report year plus the month before it
    with db.read() as s:
        have_patrols = bool(s.scalar(select(func.count()).select_from(Patrol)))
        have_meetings = bool(s.scalar(select(func.count()).select_from(Meeting)))
        old_incidents = int(s.scalar(select(func.count()).select_from(Incident).where(
            Incident.occurred_at < end - timedelta(days=30))) or 0)
    if not have_patrols:
        seed_patrols(db, start, end, rnd)
    if not have_meetings:
        seed_meetings(db, start, end, rnd)
    seed_camera_history(db, start, end, rnd)
    if old_incidents < 50:  # nobody seeded a history of the incident book and tip register
        # two years, so "the same period last year" has figures too; the last month is
        # the incident book's own demo (demo_incidents: every state, today's entries)
        seed_incidents_and_tips(db, home, end - timedelta(days=760), end - timedelta(days=30),
                                rnd)
    with db.session() as s:  # a fresh outage for the officer to confirm
        maintenance.suggest(s, LEADER, now=utcnow())
