"""Demo data for the incident book and the tip register: a month of a living post —
incidents in every state with timelines and people, tips on every channel, one handed
over late, one due soon, one anonymous, one extended. Runs after `demo_books` (which
seeds two years of plain history for the reports) and adds the recent, detailed entries.
Runs only under `controlroom demo` (a throw-away data home and the DEMO keyring)."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select

from controlroom.paths import DataHome
from controlroom.records import incidents, settings, tips
from controlroom.records.db import Database
from controlroom.records.incidents import PersonInput
from controlroom.records.models import Camera, Incident, Tip
from controlroom.records.tip_vault import Informant
from controlroom.records.users import SYSTEM, Identity
from controlroom.timeutil import as_utc, utcnow

OFFICERS = ("canbo1", "canbo2", "canbo3")
LEADER = Identity(0, "totruong", "Trần Thị Hồng Nhung", "leader")

# (hours ago, category, area, location, summary, status, people, note)
INCIDENTS: tuple[tuple[Any, ...], ...] = (
    (2, "trom_cap", "Thôn Ngọc Thạnh", "Cổng chợ Tịnh Châu",
     "Trộm cắp xe máy Honda Wave biển 76H1-234.56 trước cổng chợ", "new",
     [("victim", "Nguyễn Văn Hùng"), ("witness", "Bà Lê Thị Tư bán rau")],
     "Đã trích camera cổng chợ, thấy đối tượng đội mũ bảo hiểm đỏ"),
    (5, "giao_thong", "Thôn Đông Hòa", "Ngã ba Đông Hòa",
     "Va chạm giữa xe tải và xe máy, một người bị thương nhẹ", "in_progress",
     [("victim", "Phạm Minh Tuấn")], "Đã đưa người bị thương đến trạm y tế xã"),
    (20, "trat_tu_cong_cong", "Thôn Phú Long", "Nhà văn hóa thôn Phú Long",
     "Hát karaoke gây ồn sau 22 giờ, nhắc nhở lần 2", "resolved", [],
     "Chủ hộ cam kết không tái phạm"),
    (30, "danh_nhau", "Tổ dân phố 1", "Ngã tư Quốc lộ 24B",
     "Hai nhóm thanh niên xô xát, đánh nhau sau trận bóng", "transferred",
     [("suspect", "Đối tượng Trần Văn C."), ("suspect", "Đối tượng Lê Văn D.")],
     "Đã lập biên bản, chuyển hồ sơ cho Công an huyện"),
    (52, "cuop_giat", "Thôn Phú Mỹ", "Bến đò Phú Mỹ",
     "Cướp giật điện thoại của học sinh đi bộ về nhà", "in_progress",
     [("victim", "Em Đặng Thị Mai (15 tuổi)")], "Đang xác minh xe máy không biển số"),
    (75, "chay_no", "Thôn Trung Hòa", "Gần trạm y tế xã",
     "Cháy bãi rác tự phát, không thiệt hại về người", "closed", [],
     "Đã dập tắt cùng dân quân"),
    (100, "danh_bac", "Thôn Đông Hòa", "Đường liên thôn Đông Hòa – Phú Long",
     "Nghi tụ tập đánh bạc (xóc đĩa) trong vườn keo", "new", [],
     "Tổ tuần tra đã kiểm tra, nhóm đã giải tán"),
    (140, "moi_truong", "Thôn Ngọc Thạnh", "Bờ sông Trà Khúc",
     "Đổ trộm phế thải xây dựng ven sông", "resolved", [],
     "Đã xác định chủ xe, yêu cầu thu dọn"),
    (200, "tai_nan_giao_thong", "Tổ dân phố 1", "Quốc lộ 24B km 12",
     "Tai nạn giao thông: xe máy tự ngã, người điều khiển có nồng độ cồn", "closed",
     [("victim", "Võ Văn Sáu")], "Đã lập biên bản vi phạm nồng độ cồn"),
)

# (hours ago, channel, area, content, informant or None, action)
TIPS: tuple[tuple[Any, ...], ...] = (
    (3, "phone", "Thôn Phú Mỹ", "Người dân báo có đối tượng lạ thường xuyên tụ tập ở bến đò "
     "ban đêm, nghi mua bán ma túy", Informant("Huỳnh Thị Lệ", "0905 111 222"), None),
    (20, "vneid", "Thôn Đông Hòa", "Phản ánh qua VNeID: nhóm thanh niên đua xe trên đường "
     "liên thôn vào tối thứ bảy", None, None),
    (28, "phone", "Thôn Trung Hòa", "Báo có hai người lạ đi xe máy dò hỏi nhà người già "
     "sống một mình", None, None),
    (30, "in_person", "Thôn Ngọc Thạnh", "Tố giác ông Nguyễn Văn B. cho vay lãi nặng, đòi "
     "nợ bằng đe dọa", Informant("Trương Văn Khải", "0914 333 444", "Thôn Ngọc Thạnh",
                                 "051080001234"), "transfer"),
    (80, "letter", "Thôn Phú Long", "Thư tố giác điểm đánh bạc tại nhà một hộ dân",
     Informant("Người viết thư ký tên L."), "transfer_late"),
    (24 * 18, "phone", "Tổ dân phố 1", "Báo mất trộm bò đêm 12 rạng sáng 13",
     Informant("Lê Thị Mận", "0987 555 666"), "transfer"),
    (24 * 25, "in_person", "Thôn Trung Hòa", "Tố giác lừa đảo bán hàng qua mạng",
     Informant("Phan Văn Tín", "0934 777 888"), "extend"),
)


def _keep_books_up(db: Database, now: datetime) -> None:
    """A post that keeps its books: older history (seeded for the reports) has its tips
    handed over and resolved and its incidents resolved, so only the recent month is open."""
    rnd = random.Random(12)
    officer = Identity(0, "canbo1", "canbo1", "officer")
    with db.session() as s:
        for tip in list(s.scalars(select(Tip).where(
                Tip.resolved_at.is_(None), Tip.received_at < now - timedelta(days=25)))):
            received = as_utc(tip.received_at)
            if tip.transferred_at is None:
                tips.transfer(s, LEADER, tip.number, "Cơ quan CSĐT Công an huyện",
                              at=received + timedelta(hours=rnd.uniform(2, 20)))
            tips.resolve(s, LEADER, tip.number,
                         at=received + timedelta(days=rnd.uniform(5, 19)))
        for inc in list(s.scalars(select(Incident).where(
                Incident.status.in_(incidents.OPEN_STATUSES),
                Incident.occurred_at < now - timedelta(days=10)))):
            incidents.set_status(s, officer, inc.code, "resolved",
                                 at=as_utc(inc.occurred_at) + timedelta(
                                     days=rnd.uniform(1, 8)))


def seed(db: Database, home: DataHome) -> None:
    with db.session() as s:
        if s.scalar(select(func.count()).select_from(Incident)
                    .where(Incident.summary == INCIDENTS[0][4])):
            return  # seeded already
        incidents.ensure_categories(s)
        settings.set_value(s, SYSTEM, "tip_remote_areas", "Thôn Phú Mỹ")
        cams = {c.location: c.id for c in s.scalars(select(Camera))}
    now = utcnow()
    _keep_books_up(db, now)
    codes = []
    for i, (hours, cat, area, loc, summary, status, people, note) in enumerate(INCIDENTS):
        officer = Identity(0, OFFICERS[i % 3], OFFICERS[i % 3], "officer")
        cam_ids = [cid for where, cid in cams.items() if area in where][:1]
        with db.session() as s:
            inc = incidents.add(
                s, officer, occurred_at=now - timedelta(hours=hours, minutes=17),
                detected_at=now - timedelta(hours=hours), category=cat, summary=summary,
                area=area, location=loc, severity="high" if cat in ("cuop_giat", "danh_nhau")
                else "medium", camera_ids=cam_ids,
                people=[PersonInput(r, n) for r, n in people])
            code = inc.code
            incidents.add_note(s, officer, code, note,
                               at=now - timedelta(hours=hours) + timedelta(minutes=40))
            path = ["new", "in_progress", "transferred", "resolved", "closed"]
            for step in path[1:path.index(status) + 1]:
                if step == "transferred" and status in ("resolved", "closed"):
                    continue
                incidents.set_status(s, officer if step != "closed" else LEADER, code, step)
        codes.append(code)
    for hours, channel, area, content, who, action in TIPS:
        officer = Identity(0, "canbo1", "canbo1", "officer")
        received = now - timedelta(hours=hours)
        with db.session() as s:
            tip = tips.add(s, officer, home, channel=channel, content=content,
                           received_at=received, area=area, informant=who,
                           category="ma_tuy" if "ma túy" in content else "khac")
            number = tip.number
            if action == "transfer":
                tips.transfer(s, officer, number, "Cơ quan CSĐT Công an huyện Sơn Tịnh",
                              f"{hours % 97 + 10}/CV-CAX", at=received + timedelta(hours=6))
            elif action == "transfer_late":
                tips.transfer(s, officer, number, "Cơ quan CSĐT Công an huyện Sơn Tịnh",
                              "88/CV-CAX", at=received + timedelta(hours=30))
            elif action == "extend":
                tips.transfer(s, officer, number, "Cơ quan CSĐT Công an tỉnh", "5/CV-CAX",
                              at=received + timedelta(hours=10))
                tips.extend(s, LEADER, number, 30,
                            "Khoản 2 Điều 147 BLTTHS: vụ việc có nhiều tình tiết phức tạp")
        if "đánh bạc" in content:
            with db.session() as s:
                tips.link_incident(s, officer, number, codes[6])
