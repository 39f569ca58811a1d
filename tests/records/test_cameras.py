"""The camera registry on SQLite and PostgreSQL: validation, credentials kept out of the
database, audit, and evidence-safe removal."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from sqlalchemy import select

from controlroom import secrets
from controlroom.errors import InvalidInput, NotFound, PermissionDenied
from controlroom.paths import DataHome
from controlroom.records import audit, cameras
from controlroom.records.cameras import CameraSpec
from controlroom.records.db import Database
from controlroom.records.models import AuditEntry, Export, Segment
from controlroom.records.users import Identity
from controlroom.timeutil import utcnow

ADMIN = Identity(1, "quantri", "Quản Trị", "admin")
LEADER = Identity(2, "totruong", "Tổ Trưởng", "leader")
OFFICER = Identity(3, "canbo1", "Cán Bộ", "officer")
PASSWORD = "Zq9-camera-secret"
URL = "rtsp://192.168.1.64:554/live"


def spec(name: str, **kw: object) -> CameraSpec:
    """A spec; generic cameras get a URL unless the test gives one."""
    if kw.get("vendor", "generic") == "generic":
        kw.setdefault("main_url", URL)
    return CameraSpec(name, **kw)  # type: ignore[arg-type]


def add(db: Database, cs: CameraSpec, who: Identity = ADMIN, **kw: str) -> int:
    with db.session() as s:
        return cameras.add(s, who, cs, **kw).id


def test_add_with_credentials_in_keyring_not_in_db(db: Database, db_url: str,
                                                  home: DataHome) -> None:
    cid = add(db, spec("Cổng chợ Tịnh Châu", code="CHO-01", location="Thôn 3",
                             gps_lat=15.1234567, gps_lon=108.8),
              username="admin", password=PASSWORD)
    with db.read() as s:
        cam = cameras.get(s, cid)
        assert cam.has_credentials
        assert cam.main_url == URL and cam.host == "192.168.1.64" and cam.port == 554
    # credentials come back from the keyring only
    with db.read() as s:
        cam = cameras.get(s, "cho-01")
        cred = cameras.credentials(cam)
        assert cred == cameras.Credentials("admin", PASSWORD)
    if db_url.startswith("sqlite"):
        data = home.database.read_bytes()
        for suffix in ("-wal", "-journal"):
            extra = home.database.with_name(home.database.name + suffix)
            if extra.exists():
                data += extra.read_bytes()
        assert PASSWORD.encode() not in data
        assert "Cổng chợ".encode() in data  # the grep itself can find text
    with db.read() as s:
        for e in s.scalars(select(AuditEntry)):
            assert PASSWORD not in e.detail


def test_url_credentials_are_moved_to_keyring(db: Database) -> None:
    cid = add(db, spec("Ngã ba Đông Hòa",
                             main_url=f"rtsp://admin:{PASSWORD}@10.1.1.5/live/ch00_0",
                             sub_url=f"rtsp://admin:{PASSWORD}@10.1.1.5/live/ch00_1"))
    with db.read() as s:
        cam = cameras.get(s, cid)
        assert cam.main_url == "rtsp://10.1.1.5/live/ch00_0"
        assert cam.sub_url == "rtsp://10.1.1.5/live/ch00_1"
        assert cam.host == "10.1.1.5" and cam.code == "CAM-001"
        assert cameras.masked_url(cam) == "rtsp://admin:***@10.1.1.5/live/ch00_0"
        assert cameras.credentialed_url(cam, "sub") == \
            f"rtsp://admin:{PASSWORD}@10.1.1.5/live/ch00_1"


def test_vendor_templates_and_edit_rebuilds_them(db: Database) -> None:
    cid = add(db, spec("Trường THCS", vendor="hikvision", host="192.168.1.70",
                             channel=2))
    with db.session() as s:
        cam = cameras.get(s, cid)
        assert cam.main_url == "rtsp://192.168.1.70:554/Streaming/Channels/201"
        assert cam.sub_url.endswith("/202")
        cameras.edit(s, ADMIN, cid, {"vendor": "dahua", "channel": 1})
    with db.read() as s:
        cam = cameras.get(s, cid)
        assert cam.main_url == "rtsp://192.168.1.70:554/cam/realmonitor?channel=1&subtype=0"
        # an unrelated edit keeps the channel of a vendor camera
    with db.session() as s:
        cameras.edit(s, ADMIN, cid, {"location": "Tổ dân phố 5"})
    with db.read() as s:
        assert cameras.get(s, cid).channel == 1


@pytest.mark.parametrize(("cs", "word"), [
    (spec(""), "name is missing"),
    (spec("A" * 121), "too long"),
    (spec("x", code="CỔNG 1"), "code may use only"),
    (spec("x", gps_lat=91.0, gps_lon=0.0), "Latitude"),
    (spec("x", gps_lat=10.0, gps_lon=-181.0), "Longitude"),
    (spec("x", gps_lat=10.0), "both"),
    (spec("x", main_url="http://1.2.3.4/a"), "rtsp://"),
    (CameraSpec("x"), "main stream URL"),
    (spec("x", vendor="axis", host="1.2.3.4"), "Unknown vendor"),
    (spec("x", owner_kind="alien"), "owner kind"),
    (spec("x", retention_days=0), "Retention"),
    (spec("x", vendor="dahua", host=""), "address"),
])
def test_validation(db: Database, cs: CameraSpec, word: str) -> None:
    with pytest.raises(InvalidInput) as e, db.session() as s:
        cameras.add(s, ADMIN, cs)
    assert word in e.value.en
    assert e.value.vi != e.value.en


def test_duplicate_name_and_code_case_insensitive(db: Database) -> None:
    add(db, spec("Cổng chợ", code="CHO-01"))
    with pytest.raises(InvalidInput) as e, db.session() as s:
        cameras.add(s, ADMIN, spec("cổng chợ"))
    assert "exists" in e.value.en
    with pytest.raises(InvalidInput), db.session() as s:
        cameras.add(s, ADMIN, spec("Khác", code="cho-01"))


def test_vietnamese_is_nfc_and_found_without_diacritics(db: Database) -> None:
    decomposed = "Nga\u0300 ba \u0110o\u0302ng Ho\u0300a"  # NFD as some keyboards send
    cid = add(db, spec(decomposed + "  ", location=" Thôn  Phú Long "))
    with db.read() as s:
        cam = cameras.get(s, "nga ba dong hoa")
        assert cam.id == cid
        assert cam.name == "Ngà ba Đông Hòa"
        assert cam.location == "Thôn Phú Long"
        with pytest.raises(NotFound):
            cameras.get(s, "không có")


def test_officer_cannot_change_cameras(db: Database) -> None:
    with pytest.raises(PermissionDenied), db.session() as s:
        cameras.add(s, OFFICER, spec("x"))
    add(db, spec("Cam A"), who=LEADER)
    with pytest.raises(PermissionDenied), db.session() as s:
        cameras.edit(s, OFFICER, "Cam A", {"enabled": False})
    with pytest.raises(PermissionDenied), db.session() as s:
        cameras.remove(s, LEADER, "Cam A")  # removal is for administrators


def test_edit_credentials_and_audit(db: Database) -> None:
    cid = add(db, spec("Cam B"), username="admin", password=PASSWORD)
    with db.session() as s:
        cameras.edit(s, ADMIN, cid, {"name": "Cam B2"})  # password untouched
    with db.read() as s:
        assert cameras.credentials(cameras.get(s, cid)) == \
            cameras.Credentials("admin", PASSWORD)
    with db.session() as s:
        cameras.edit(s, ADMIN, cid, password="new-pass-123")
    with db.read() as s:
        assert cameras.credentials(cameras.get(s, cid)) == \
            cameras.Credentials("admin", "new-pass-123")
    with db.session() as s:
        cameras.edit(s, ADMIN, cid, username="")
    with db.read() as s:
        cam = cameras.get(s, cid)
        assert not cam.has_credentials and cameras.credentials(cam) is None
        assert secrets.load(cam.uid) is None
        actions = [(e.action, json.loads(e.detail)) for e in s.scalars(
            select(AuditEntry).where(AuditEntry.object_type == "camera")
            .order_by(AuditEntry.id))]
        assert [a for a, _ in actions] == ["camera.add", "camera.edit", "camera.edit",
                                           "camera.edit"]
        assert actions[1][1]["changes"] == {"name": ["Cam B", "Cam B2"]}
        assert actions[2][1]["credentials_changed"] is True
        assert "new-pass" not in json.dumps(actions)
        assert audit.verify(s).ok


def test_remove_unused_camera_deletes_secret(db: Database) -> None:
    cid = add(db, spec("Cam C"), username="u", password="p")
    with db.read() as s:
        uid = cameras.get(s, cid).uid
    with db.session() as s:
        cameras.remove(s, ADMIN, "Cam C")
    with db.read() as s:
        assert cameras.list_cameras(s) == []
    assert secrets.load(uid) is None


def test_remove_with_recordings_is_refused(db: Database) -> None:
    cid = add(db, spec("Cam D", code="D1"))
    now = utcnow()
    with db.session() as s:
        s.add(Segment(camera_id=cid, start_utc=now - timedelta(minutes=1), end_utc=now,
                      path="D1/x.mp4"))
    with pytest.raises(InvalidInput) as e, db.session() as s:
        cameras.remove(s, ADMIN, cid)
    assert "Disable it instead" in e.value.en and "1 recorded" in e.value.en
    with db.session() as s:
        cameras.set_enabled(s, ADMIN, cid, False)
    with db.read() as s:
        assert not cameras.get(s, cid).enabled
        assert cameras.list_cameras(s, include_disabled=False) == []
        assert s.scalar(select(Segment.id)) is not None


def test_remove_named_in_export_is_refused(db: Database) -> None:
    cid = add(db, spec("Cam E"))
    from controlroom.records.models import User
    now = utcnow()
    with db.session() as s:
        u = User(username="x", role="officer", password_hash="x")
        s.add(u)
        s.flush()
        s.add(Export(uid="e1", officer_id=u.id, cameras=json.dumps([cid]),
                     start_utc=now, end_utc=now))
    with pytest.raises(InvalidInput) as e, db.session() as s:
        cameras.remove(s, ADMIN, cid)
    assert "1 exports" in e.value.en


def test_rolled_back_remove_keeps_the_password(db: Database) -> None:
    cid = add(db, spec("Cam F"), username="u", password=PASSWORD)
    with db.read() as s:
        uid = cameras.get(s, cid).uid

    class Abort(Exception):
        pass

    with pytest.raises(Abort), db.session() as s:
        cameras.remove(s, ADMIN, cid)
        raise Abort
    with db.read() as s:
        assert cameras.credentials(cameras.get(s, cid)) == cameras.Credentials("u", PASSWORD)
    assert secrets.load(uid) is not None


@hsettings(max_examples=200, deadline=None)
@given(st.one_of(st.text(max_size=40), st.tuples(st.floats(), st.floats()).map(
    lambda p: f"{p[0]}, {p[1]}")))
def test_gps_from_any_text_is_on_earth_or_refused(text: str) -> None:
    try:
        lat, lon = cameras.parse_gps(text)
    except InvalidInput:
        return
    if lat is None:
        assert lon is None and not text.strip()
        return
    assert lon is not None and -90 <= lat <= 90 and -180 <= lon <= 180
