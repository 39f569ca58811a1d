"""The camera registry: add, edit, remove, list and find cameras.

A camera row holds where the camera is, who owns it and how to reach it, but never its
password: credentials live only in the OS keyring under the camera's uid
(`controlroom.secrets`), and `credentialed_url` joins them to a stream URL only for the
recorder and the probe. Everything a person sees goes through `masked_url`.

Removing a camera whose footage is recorded or exported is refused: the segments are
evidence and the custody register names the camera, so such a camera is disabled
instead (it stops recording, keeps its history, and can be re-enabled).
"""

from __future__ import annotations

import json
import math
import re
import uuid
from dataclasses import dataclass, fields, replace
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from controlroom import secrets
from controlroom.errors import InvalidInput, NotFound, SecretStoreUnavailable
from controlroom.i18n import Text
from controlroom.paths import DataHome
from controlroom.records import audit
from controlroom.records.models import STREAMS, Camera, Export, Segment
from controlroom.records.users import Identity
from controlroom.textutil import fold, nfc, unusable_chars
from controlroom.video import urls

EDIT_ROLE = "leader"  # tổ trưởng and administrators manage cameras; officers only view
OWNER_KINDS = ("", "household", "business", "agency", "police", "other")
OWNER_KIND_NAMES = {
    "": ("", ""),
    "household": ("Hộ gia đình", "Household"),
    "business": ("Cơ sở kinh doanh", "Business"),
    "agency": ("Cơ quan, tổ chức", "Agency / organisation"),
    "police": ("Công an xã", "Commune police"),
    "other": ("Khác", "Other"),
}
LIMITS = {"name": 120, "code": 40, "location": 200, "owner_name": 200,
          "owner_contact": 200, "notes": 4000}
_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


@dataclass(frozen=True)
class CameraSpec:
    """Everything a person fills in about a camera, except its credentials."""

    name: str
    code: str = ""  # short ASCII id used in file names; generated when empty
    location: str = ""  # thôn / tổ dân phố, street
    gps_lat: float | None = None
    gps_lon: float | None = None
    owner_kind: str = ""
    owner_name: str = ""
    owner_contact: str = ""
    vendor: str = "generic"
    host: str = ""
    port: int | None = None
    channel: int | None = None
    main_url: str = ""
    sub_url: str = ""
    enabled: bool = True
    retention_days: int | None = None
    notes: str = ""
    record_audio: bool = True  # the camera's sound is recorded with its main stream

    @classmethod
    def of(cls, cam: Camera) -> CameraSpec:
        return cls(**{f.name: getattr(cam, f.name) for f in fields(cls)})


SPEC_FIELDS = tuple(f.name for f in fields(CameraSpec))


@dataclass(frozen=True)
class Credentials:
    username: str
    password: str


# --- validation -------------------------------------------------------------------------


def _text(value: str, field: str, vi: str, en: str, required: bool = False) -> str:
    v = nfc(value or "").strip()
    if unusable_chars(v, allow="\n\t"):
        raise InvalidInput("{f} có ký tự điều khiển không hợp lệ.",
                           "{g} contains invalid control characters.", f=vi, g=en)
    if field != "notes":
        v = " ".join(v.split())
    if required and not v:
        raise InvalidInput("Chưa nhập {f}.", "The {g} is missing.", f=vi, g=en)
    if len(v) > LIMITS[field]:
        raise InvalidInput("{f} quá dài: {n} ký tự (tối đa {m}).",
                           "The {g} is too long: {n} characters (at most {m}).",
                           f=vi, g=en, n=len(v), m=LIMITS[field])
    return v


def _gps(lat: float | None, lon: float | None) -> tuple[float | None, float | None]:
    if lat is None and lon is None:
        return None, None
    if lat is None or lon is None:
        raise InvalidInput("Tọa độ GPS cần cả vĩ độ và kinh độ.",
                           "GPS needs both latitude and longitude.")
    if not (math.isfinite(lat) and -90 <= lat <= 90):
        raise InvalidInput("Vĩ độ phải từ -90 đến 90 (nhận được {v}).",
                           "Latitude must be -90 to 90 (got {v}).", v=lat)
    if not (math.isfinite(lon) and -180 <= lon <= 180):
        raise InvalidInput("Kinh độ phải từ -180 đến 180 (nhận được {v}).",
                           "Longitude must be -180 to 180 (got {v}).", v=lon)
    return round(float(lat), 7), round(float(lon), 7)


def parse_gps(text: str) -> tuple[float | None, float | None]:
    """'15.123, 108.456' (as copied from a map app) → (lat, lon); '' → (None, None)."""
    t = text.strip()
    if not t:
        return None, None
    parts = [p for p in re.split(r"[,;\s]+", t) if p]
    try:
        if len(parts) != 2:
            raise ValueError
        return _gps(float(parts[0]), float(parts[1]))
    except ValueError:
        raise InvalidInput("Tọa độ GPS phải có dạng «vĩ độ, kinh độ», ví dụ 15.12, 108.80.",
                           "GPS must look like «latitude, longitude», e.g. 15.12, 108.80.",
                           ) from None


@dataclass(frozen=True)
class _Checked:
    spec: CameraSpec
    url_user: str | None
    url_password: str | None


def validate(spec: CameraSpec) -> _Checked:
    """Normalise and check a spec; credentials typed into a URL are split off."""
    name = _text(spec.name, "name", "tên camera", "camera name", required=True)
    code = _text(spec.code, "code", "mã camera", "camera code")
    if code and not _CODE.match(code):
        raise InvalidInput(
            "Mã camera chỉ gồm chữ không dấu, số, dấu chấm, gạch ngang (ví dụ CAM-01).",
            "The camera code may use only ASCII letters, digits, '.', '-' and '_' "
            "(e.g. CAM-01).")
    location = _text(spec.location, "location", "vị trí", "location")
    owner_name = _text(spec.owner_name, "owner_name", "tên chủ camera", "owner name")
    owner_contact = _text(spec.owner_contact, "owner_contact", "liên hệ chủ camera",
                          "owner contact")
    notes = _text(spec.notes, "notes", "ghi chú", "notes")
    if spec.owner_kind not in OWNER_KINDS:
        raise InvalidInput("Loại chủ camera không hợp lệ: {k}.", "Invalid owner kind: {k}.",
                           k=spec.owner_kind)
    lat, lon = _gps(spec.gps_lat, spec.gps_lon)
    if spec.retention_days is not None and not 1 <= spec.retention_days <= 3650:
        raise InvalidInput("Số ngày lưu phải từ 1 đến 3650.",
                           "Retention must be 1 to 3650 days.")
    vendor = spec.vendor or "generic"
    if vendor not in urls.VENDORS:
        raise InvalidInput("Hãng camera không hợp lệ: {v} ({all}).",
                           "Unknown vendor: {v} ({all}).", v=vendor,
                           all=", ".join(urls.VENDORS))
    user: str | None = None
    pw: str | None = None
    host, port, channel = spec.host.strip(), spec.port, spec.channel
    if vendor != "generic" and not spec.main_url.strip():
        built = urls.vendor_urls(vendor, host, port, channel)
        main, sub = built.main, built.sub
        host = urls.validate_host(host)
        port, channel = urls.validate_port(port), urls.validate_channel(channel)
    else:
        if not spec.main_url.strip():
            raise InvalidInput(
                "Cần URL luồng chính (rtsp://…) hoặc hãng + địa chỉ camera.",
                "Give the main stream URL (rtsp://…) or a vendor and the camera address.")
        m = urls.parse_url(spec.main_url, Text("URL luồng chính", "main stream URL"))
        main, user, pw = m.url, m.username, m.password
        sub = ""
        if spec.sub_url.strip():
            s = urls.parse_url(spec.sub_url, Text("URL luồng phụ", "sub stream URL"))
            sub = s.url
            user, pw = user or s.username, pw if pw is not None else s.password
        parts = urlsplit(main)
        host, port = parts.hostname or "", parts.port
        channel = channel if vendor != "generic" else None
    checked = replace(spec, name=name, code=code, location=location, owner_name=owner_name,
                      owner_contact=owner_contact, notes=notes, gps_lat=lat, gps_lon=lon,
                      vendor=vendor, host=host, port=port, channel=channel, main_url=main,
                      sub_url=sub)
    return _Checked(checked, user, pw)


def _check_unique(s: Session, spec: CameraSpec, own_id: int | None) -> None:
    for col, value, vi, en in ((Camera.name, spec.name, "Tên", "name"),
                               (Camera.code, spec.code, "Mã", "code")):
        q = select(Camera.id).where(func.lower(col) == value.lower())
        if own_id is not None:
            q = q.where(Camera.id != own_id)
        if s.scalar(q) is not None:
            raise InvalidInput("{f} camera «{v}» đã có.", "A camera with {g} «{v}» exists.",
                               f=vi, g=en, v=value)


def _next_code(s: Session) -> str:
    taken = {c.lower() for c in s.scalars(select(Camera.code))}
    n = len(taken) + 1
    while f"cam-{n:03d}" in taken:
        n += 1
    return f"CAM-{n:03d}"


# --- credentials ------------------------------------------------------------------------


def _store_credentials(cam: Camera, cred: Credentials | None, home: DataHome | None) -> None:
    if cred is None or not cred.username:
        secrets.delete(cam.uid, home)
        cam.has_credentials = False
        return
    if len(cred.username) > 128 or len(cred.password) > 256:
        raise InvalidInput("Tên đăng nhập hoặc mật khẩu camera quá dài.",
                           "The camera user name or password is too long.")
    secrets.store(cam.uid, json.dumps({"username": cred.username,
                                       "password": cred.password}), home)
    cam.has_credentials = True


def credentials(cam: Camera, home: DataHome | None = None) -> Credentials | None:
    """The camera's user and password from the keyring (None when it has none)."""
    if not cam.has_credentials:
        return None
    raw = secrets.load(cam.uid, home)
    if not raw:
        return None
    data = json.loads(raw)
    return Credentials(str(data.get("username", "")), str(data.get("password", "")))


def stream_url(cam: Camera, stream: str = "main") -> str:
    """The stored URL of a stream, without credentials; "" when the camera has no sub
    stream (callers fall back to main)."""
    if stream not in STREAMS:
        raise InvalidInput("Luồng phải là main hoặc sub.", "The stream must be main or sub.")
    return cam.main_url if stream == "main" else cam.sub_url


def credentialed_url(cam: Camera, stream: str = "main", home: DataHome | None = None) -> str:
    """The URL to open the stream with, password included. For the recorder and the
    probe only: never print, log or store it."""
    url = stream_url(cam, stream)
    cred = credentials(cam, home)
    return urls.with_credentials(url, cred.username, cred.password) if cred and url else url


def masked_url(cam: Camera, stream: str = "main", home: DataHome | None = None) -> str:
    """`rtsp://user:***@host/...`, safe to show."""
    url = stream_url(cam, stream)
    if not url or not cam.has_credentials:
        return url
    try:
        cred = credentials(cam, home)
    except SecretStoreUnavailable:
        cred = None
    return urls.masked(url, cred.username if cred else "***")


# --- service functions ------------------------------------------------------------------


def list_cameras(s: Session, include_disabled: bool = True) -> list[Camera]:
    q = select(Camera).order_by(Camera.code)
    if not include_disabled:
        q = q.where(Camera.enabled.is_(True))
    return list(s.scalars(q))


def get(s: Session, ref: int | str) -> Camera:
    """A camera by id, code or name; the name also matches without diacritics
    ("cong cho" finds "Cổng chợ") when that is unambiguous."""
    cam: Camera | None = None
    if isinstance(ref, int) or (isinstance(ref, str) and ref.isdigit()):
        cam = s.get(Camera, int(ref))
    if cam is None and isinstance(ref, str):
        key = " ".join(nfc(ref).split())  # stored names have their spaces collapsed
        cam = s.scalar(select(Camera).where(
            (func.lower(Camera.code) == key.lower()) | (Camera.name == key)))
        if cam is None:
            folded = fold(key)
            hits = [c for c in s.scalars(select(Camera)) if fold(c.name) == folded]
            cam = hits[0] if len(hits) == 1 else None
    if cam is None:
        raise NotFound("Không có camera «{r}».", "No camera «{r}».", r=ref)
    return cam


def add(s: Session, actor: Identity, spec: CameraSpec, username: str | None = None,
        password: str | None = None, home: DataHome | None = None) -> Camera:
    """Register a camera. Credentials typed into the URL are moved to the keyring;
    explicit `username`/`password` win over them."""
    actor.require(EDIT_ROLE)
    checked = validate(spec)
    spec = checked.spec
    if not spec.code:
        spec = replace(spec, code=_next_code(s))
    _check_unique(s, spec, None)
    cam = Camera(uid=str(uuid.uuid4()), **{f: getattr(spec, f) for f in SPEC_FIELDS})
    s.add(cam)
    s.flush()
    user = username if username is not None else checked.url_user
    pw = password if password is not None else checked.url_password
    _store_credentials(cam, Credentials(user, pw or "") if user else None, home)
    audit.record(s, actor.username, "camera.add", "camera", cam.code, name=cam.name,
                 url=urls.masked(cam.main_url, user), vendor=cam.vendor,
                 location=cam.location, credentials=cam.has_credentials)
    return cam


_UNSET: Any = object()


def edit(s: Session, actor: Identity, ref: int | str, changes: dict[str, Any] | None = None,
         username: str | None = _UNSET, password: str | None = _UNSET,
         home: DataHome | None = None) -> Camera:
    """Change some fields. `username=""` removes the credentials; leaving `username`
    or `password` out keeps the stored ones (the form never shows the password)."""
    actor.require(EDIT_ROLE)
    cam = get(s, ref)
    changes = dict(changes or {})
    unknown = set(changes) - set(SPEC_FIELDS)
    if unknown:
        raise InvalidInput("Không sửa được trường: {f}.", "Cannot edit field(s): {f}.",
                           f=", ".join(sorted(unknown)))
    old = CameraSpec.of(cam)
    if ("vendor" in changes or {"host", "port", "channel"} & set(changes)) \
            and "main_url" not in changes and changes.get("vendor", old.vendor) != "generic":
        changes.setdefault("main_url", "")  # rebuild the URLs from the vendor template
        changes.setdefault("sub_url", "")
    checked = validate(replace(old, **changes))
    new = checked.spec
    if not new.code:
        new = replace(new, code=old.code)
    _check_unique(s, new, cam.id)
    diff = {f: [getattr(old, f), getattr(new, f)] for f in SPEC_FIELDS
            if getattr(old, f) != getattr(new, f)}
    for f in diff:
        setattr(cam, f, getattr(new, f))
    cred_changed = False
    if username is not _UNSET or password is not _UNSET or checked.url_user:
        current = credentials(cam, home)
        user = username if username is not _UNSET else (
            checked.url_user or (current.username if current else None))
        pw = password if password is not _UNSET else (
            checked.url_password if checked.url_user else (current.password if current else ""))
        new_cred = Credentials(user, pw or "") if user else None
        if new_cred != current:
            _store_credentials(cam, new_cred, home)
            cred_changed = True
    if not diff and not cred_changed:
        return cam
    s.flush()
    audit.record(s, actor.username, "camera.edit", "camera", cam.code,
                 changes={k: v for k, v in diff.items() if not k.endswith("_url")},
                 urls_changed=sorted(k for k in diff if k.endswith("_url")),
                 credentials_changed=cred_changed)
    return cam


def usage(s: Session, cam: Camera) -> tuple[int, int]:
    """(recorded segments, evidence exports) that name this camera."""
    segs = s.scalar(select(func.count(Segment.id)).where(Segment.camera_id == cam.id)) or 0
    exports = sum(1 for raw in s.scalars(select(Export.cameras))
                  if cam.id in (json.loads(raw or "[]") or []))
    return int(segs), exports


def remove(s: Session, actor: Identity, ref: int | str, home: DataHome | None = None) -> None:
    """Delete a camera that never recorded anything; otherwise refuse and say to
    disable it, because its recordings and exports are evidence."""
    actor.require("admin")
    cam = get(s, ref)
    segs, exports = usage(s, cam)
    if segs or exports:
        raise InvalidInput(
            "Không xóa camera «{n}»: còn {s} đoạn ghi hình và {e} lần trích xuất là "
            "chứng cứ. Hãy tắt camera (camera edit --disable) để ngừng ghi mà vẫn giữ "
            "dữ liệu.",
            "Camera «{n}» was not removed: {s} recorded segments and {e} exports are "
            "evidence. Disable it instead (camera edit --disable) to stop recording and "
            "keep its history.", n=cam.name, s=segs, e=exports)
    uid, code, name = cam.uid, cam.code, cam.name
    s.delete(cam)
    s.flush()
    audit.record(s, actor.username, "camera.remove", "camera", code, name=name)
    # Forget the password only once the row is really gone: a failed commit must not
    # leave a registered camera without its credentials.
    event.listen(s, "after_commit", lambda _s: secrets.delete(uid, home), once=True)


def set_enabled(s: Session, actor: Identity, ref: int | str, enabled: bool) -> Camera:
    return edit(s, actor, ref, {"enabled": enabled})
