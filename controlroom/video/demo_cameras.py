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
from controlroom.timeutil import utcnow
from controlroom.video import devices, onvif
from controlroom.video.simulator import Simulator

DEMO_USER = "admin"
# Like the cameras sold here (issue 14): most send G.711 (Hikvision/Dahua default), some
# AAC, two have no microphone; every one answers ONVIF, with its clock off by what
# community cameras drift to; the intersection camera is a PTZ dome.
DEMO_AUDIO = ("pcma", "pcma", None, "aac", "pcma", "pcmu", None, "aac", "pcma")
DEMO_CLOCK_OFFSETS = (-73.0, 12.0, 0.4, -212.0, 3.0, 41.0, -8.0, 95.0, 0.0)
DEMO_PTZ = (False, False, False, False, True, False, False, False, False)


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


def _facts(sim: Simulator, i: int) -> onvif.DeviceFacts:
    """What the simulated camera answers over ONVIF (written directly rather than asked
    nine times at start-up; `controlroom camera clock` asks it for real)."""
    ptz = DEMO_PTZ[i - 1]
    model = "SIM-PTZ-4MP" if ptz else "SIM-BULLET-2MP"
    return onvif.DeviceFacts(
        "127.0.0.1", sim.onvif_port(i), "controlroom simulator", model,
        f"{model}-2026{i:04d}", "V5.7.3 build 231102", sim.url(i, "main"),
        sim.url(i, "sub"), "Profile_1", ptz, DEMO_CLOCK_OFFSETS[i - 1], 0.5, utcnow())


def seed(db: Database, home: DataHome) -> Callable[[], None]:
    """Start the simulator and register (or re-point) the demo cameras; returns the
    function that stops the simulator when the demo ends."""
    password = "demo-" + pysecrets.token_urlsafe(9)
    sim = Simulator(cameras=len(DEMO_CAMERAS), auth=f"{DEMO_USER}:{password}",
                    names=[c.name for c in DEMO_CAMERAS], audio=list(DEMO_AUDIO),
                    onvif=True, clock_offsets=DEMO_CLOCK_OFFSETS, ptz=DEMO_PTZ).start()
    try:
        with db.session() as s:
            existing = {c.code: c for c in s.scalars(select(Camera))}
            for i, dc in enumerate(DEMO_CAMERAS, start=1):
                main, sub = sim.url(i, "main"), sim.url(i, "sub")
                if dc.code in existing:
                    cam = cameras.edit(s, SYSTEM, existing[dc.code].id,
                                       {"main_url": main, "sub_url": sub, "vendor": "generic"},
                                       username=DEMO_USER, password=password, home=home)
                    devices.save_facts(s, SYSTEM, cam, _facts(sim, i))
                    continue
                cam = cameras.add(s, SYSTEM, CameraSpec(
                    name=dc.name, code=dc.code, location=dc.location, gps_lat=dc.lat,
                    gps_lon=dc.lon, owner_kind=dc.owner_kind, owner_name=dc.owner_name,
                    owner_contact=dc.owner_contact, main_url=main, sub_url=sub,
                    notes="Camera mô phỏng (DEMO) — simulated camera"),
                    username=DEMO_USER, password=password, home=home)
                devices.save_facts(s, SYSTEM, cam, _facts(sim, i))
    except BaseException:
        sim.stop()
        raise
    return sim.stop
