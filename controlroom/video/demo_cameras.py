"""Demo cameras: nine simulated cameras of a commune network, registered like real ones.

`controlroom demo` calls `seed(db, home)` (listed in `controlroom.demo.DEMO_HOOKS`). It
starts the RTSP simulator with digest authentication and registers each camera with its
credentials in the (demo) keyring, so the demo walks the same path as a real
installation: registry → keyring → recorder → relay → grid. Seeding again into the same
data home re-points the existing demo cameras at the new simulator port and password.
"""

from __future__ import annotations

import secrets as pysecrets
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select

from controlroom.paths import DataHome
from controlroom.records import cameras
from controlroom.records.cameras import CameraSpec
from controlroom.records.db import Database
from controlroom.records.models import Camera
from controlroom.records.users import SYSTEM
from controlroom.video.simulator import Simulator

DEMO_USER = "admin"


@dataclass(frozen=True)
class DemoCamera:
    code: str
    name: str
    location: str
    lat: float
    lon: float
    owner_kind: str
    owner_name: str
    owner_contact: str = ""


DEMO_CAMERAS: tuple[DemoCamera, ...] = (
    DemoCamera("TC-01", "Cổng chợ Tịnh Châu", "Chợ Tịnh Châu, thôn Ngọc Thạnh",
               15.14212, 108.83147, "business", "Ban quản lý chợ Tịnh Châu", "0255 3 812 345"),
    DemoCamera("TC-02", "Ngã ba Đông Hòa", "Thôn Đông Hòa", 15.13873, 108.82561,
               "household", "Hộ ông Nguyễn Văn Hùng", "0905 123 456"),
    DemoCamera("TC-03", "Trường THCS Tịnh Châu", "Thôn Ngọc Thạnh", 15.14490, 108.83602,
               "agency", "Trường THCS Tịnh Châu", "0255 3 812 777"),
    DemoCamera("TC-04", "Nhà văn hóa thôn Phú Long", "Thôn Phú Long", 15.13320, 108.84105,
               "agency", "Ban nhân dân thôn Phú Long"),
    DemoCamera("TC-05", "Ngã tư Quốc lộ 24B", "Tổ dân phố 1", 15.14705, 108.82890,
               "police", "Công an xã Tịnh Châu"),
    DemoCamera("TC-06", "Bến đò Phú Mỹ", "Thôn Phú Mỹ", 15.12988, 108.83377,
               "household", "Hộ bà Trần Thị Lệ", "0914 654 321"),
    DemoCamera("TC-07", "Trạm y tế xã", "Thôn Trung Hòa", 15.14051, 108.83920,
               "agency", "Trạm y tế xã Tịnh Châu"),
    DemoCamera("TC-08", "Đường liên thôn Đông Hòa – Phú Long", "Thôn Đông Hòa",
               15.13602, 108.83254, "business", "Cửa hàng tạp hóa Minh Tâm", "0796 888 102"),
    DemoCamera("TC-09", "Trụ sở Công an xã", "Thôn Ngọc Thạnh", 15.14333, 108.83011,
               "police", "Công an xã Tịnh Châu"),
)


def seed(db: Database, home: DataHome) -> Callable[[], None]:
    """Start the simulator and register (or re-point) the demo cameras; returns the
    function that stops the simulator when the demo ends."""
    password = "demo-" + pysecrets.token_urlsafe(9)
    sim = Simulator(cameras=len(DEMO_CAMERAS), auth=f"{DEMO_USER}:{password}",
                    names=[c.name for c in DEMO_CAMERAS]).start()
    try:
        with db.session() as s:
            existing = {c.code: c for c in s.scalars(select(Camera))}
            for i, dc in enumerate(DEMO_CAMERAS, start=1):
                main, sub = sim.url(i, "main"), sim.url(i, "sub")
                if dc.code in existing:
                    cameras.edit(s, SYSTEM, existing[dc.code].id,
                                 {"main_url": main, "sub_url": sub, "vendor": "generic"},
                                 username=DEMO_USER, password=password, home=home)
                    continue
                cameras.add(s, SYSTEM, CameraSpec(
                    name=dc.name, code=dc.code, location=dc.location, gps_lat=dc.lat,
                    gps_lon=dc.lon, owner_kind=dc.owner_kind, owner_name=dc.owner_name,
                    owner_contact=dc.owner_contact, main_url=main, sub_url=sub,
                    notes="Camera mô phỏng (DEMO) — simulated camera"),
                    username=DEMO_USER, password=password, home=home)
    except BaseException:
        sim.stop()
        raise
    return sim.stop
