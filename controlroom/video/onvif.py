"""Asking a camera about itself over ONVIF: stream URLs, model, serial, firmware, clock;
and moving a PTZ head. Through `onvif-zeep-async` (the client Home Assistant uses).

Why: adding a camera otherwise means knowing its vendor's RTSP path by heart, and the
camera's own clock (burned into the picture) is what investigators compare footage with,
so its offset from the desk's clock belongs in every export. Only unicast to the
address the user types: no WS-Discovery multicast.

The offset is measured as camera UTC minus the desk's clock at the midpoint of the
GetSystemDateAndTime round trip; ONVIF gives whole seconds, so it is good to about ±0.5 s
plus half the round trip (both stored). Everything here is synchronous for the callers
(CLI, a worker thread of the GUI): each call runs its own event loop.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any, TypeVar
from urllib.parse import urlsplit, urlunsplit

from controlroom.errors import ExitCode, UserError

DEFAULT_PORT = 80
TIMEOUT_S = 10.0
T = TypeVar("T")


class OnvifError(UserError):
    """The camera did not answer over ONVIF, refused the credentials, or answered
    something unusable."""

    exit_code = ExitCode.CAMERA_UNREACHABLE

    def __init__(self, kind: str, vi: str, en: str, **kw: object) -> None:
        self.kind = kind
        super().__init__(vi, en, **kw)


@dataclass
class DeviceFacts:
    host: str
    port: int
    manufacturer: str = ""
    model: str = ""
    serial: str = ""
    firmware: str = ""
    main_url: str = ""  # RTSP, without credentials
    sub_url: str = ""
    main_token: str = ""  # media profile of the main stream (PTZ commands name it)
    ptz: bool = False
    clock_offset_s: float | None = None  # camera UTC − desk clock
    clock_uncertainty_s: float | None = None
    checked_utc: datetime | None = None
    profiles: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["checked_utc"] = self.checked_utc.isoformat() if self.checked_utc else None
        return d


def _run(coro_fn: Callable[[], Awaitable[T]], host: str, port: int) -> T:
    async def guarded() -> T:
        return await asyncio.wait_for(coro_fn(), TIMEOUT_S * 3)

    try:
        return asyncio.run(guarded())
    except OnvifError:
        raise
    except Exception as e:  # zeep, aiohttp and asyncio each have their own
        raise _classify(e, host, port) from None


def _classify(e: BaseException, host: str, port: int) -> OnvifError:
    text = f"{type(e).__name__}: {e} {getattr(e, 'subcodes', '')}".lower()
    where = f"{host}:{port}"
    if "notauthorized" in text or "not authorized" in text or "unauthorized" in text \
            or " 401" in text:
        return OnvifError("auth", "Camera {w} từ chối tên đăng nhập/mật khẩu ONVIF.",
                          "The camera at {w} refused the ONVIF user name/password.", w=where)
    if isinstance(e, TimeoutError | asyncio.TimeoutError):
        return OnvifError("timeout", "Camera {w} không trả lời ONVIF trong {t:g} giây.",
                          "No ONVIF answer from {w} within {t:g} s.", w=where, t=TIMEOUT_S)
    if "connect" in type(e).__name__.lower() or "refused" in text or isinstance(e, OSError):
        return OnvifError("unreachable",
                          "Không kết nối được dịch vụ ONVIF ở {w} (sai địa chỉ/cổng, hoặc "
                          "camera tắt ONVIF).",
                          "Cannot reach an ONVIF service at {w} (wrong address/port, or "
                          "ONVIF is off on the camera).", w=where)
    return OnvifError("error", "Camera {w} trả lời ONVIF không dùng được: {d}.",
                      "The camera at {w} gave an unusable ONVIF answer: {d}.", w=where,
                      d=type(e).__name__)


def _camera(host: str, port: int, user: str | None, password: str | None) -> Any:
    from onvif import ONVIFCamera  # heavy (zeep, aiohttp): only when used

    return ONVIFCamera(host, port, user or "", password or "", adjust_time=False)


async def _clock(devicemgmt: Any) -> tuple[float, float, datetime]:
    t0 = time.time()
    sd = await devicemgmt.GetSystemDateAndTime()
    t1 = time.time()
    u = sd.UTCDateTime
    cam = datetime(u.Date.Year, u.Date.Month, u.Date.Day, u.Time.Hour, u.Time.Minute,
                   u.Time.Second, tzinfo=UTC)
    mid = (t0 + t1) / 2
    # Whole seconds: the camera's second started up to 1 s before it answered.
    offset = cam.timestamp() + 0.5 - mid
    return round(offset, 3), round(0.5 + (t1 - t0) / 2, 3), datetime.fromtimestamp(mid, UTC)


def _with_host(uri: str, host: str) -> str:
    """Cameras behind a router or with a wrong network setting sometimes name another
    address in their stream URIs; the address the user typed is the one that works."""
    parts = urlsplit(uri)
    if not parts.hostname or parts.hostname == host:
        return uri
    netloc = host if parts.port is None else f"{host}:{parts.port}"
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def inspect(host: str, port: int = DEFAULT_PORT, user: str | None = None,
            password: str | None = None) -> DeviceFacts:
    """Everything `camera add --onvif` needs: the profiles' stream URLs (largest picture =
    main, next = sub), device information and the clock offset."""

    async def go() -> DeviceFacts:
        cam = _camera(host, port, user, password)
        try:
            facts = DeviceFacts(host, port)
            await cam.update_xaddrs()
            dm = await cam.create_devicemgmt_service()
            (facts.clock_offset_s, facts.clock_uncertainty_s,
             facts.checked_utc) = await _clock(dm)
            info = await dm.GetDeviceInformation()
            facts.manufacturer = str(info.Manufacturer or "")
            facts.model = str(info.Model or "")
            facts.serial = str(info.SerialNumber or "")
            facts.firmware = str(info.FirmwareVersion or "")
            media = await cam.create_media_service()
            profiles = await media.GetProfiles()
            rows: list[dict[str, Any]] = []
            for p in profiles or []:
                enc = p.VideoEncoderConfiguration
                w = int(enc.Resolution.Width) if enc is not None and enc.Resolution else 0
                h = int(enc.Resolution.Height) if enc is not None and enc.Resolution else 0
                uri = await media.GetStreamUri({
                    "StreamSetup": {"Stream": "RTP-Unicast", "Transport": {"Protocol": "RTSP"}},
                    "ProfileToken": p.token})
                rows.append({"token": str(p.token), "name": str(p.Name or ""), "width": w,
                             "height": h, "encoding": str(enc.Encoding) if enc else "",
                             "uri": _with_host(str(uri.Uri), host),
                             "ptz": p.PTZConfiguration is not None})
            if not rows:
                raise OnvifError("no_profiles", "Camera {w} không có cấu hình luồng (profile).",
                                 "The camera at {w} has no media profiles.",
                                 w=f"{host}:{port}")
            rows.sort(key=lambda r: int(r["width"]) * int(r["height"]), reverse=True)
            facts.profiles = rows
            facts.main_url, facts.main_token = str(rows[0]["uri"]), str(rows[0]["token"])
            facts.sub_url = str(rows[1]["uri"]) if len(rows) > 1 else ""
            ptz_ns = "http://www.onvif.org/ver20/ptz/wsdl"
            facts.ptz = bool(rows[0]["ptz"]) and ptz_ns in cam.xaddrs
            return facts
        finally:
            await cam.close()

    return _run(go, host, port)


def read_clock(host: str, port: int, user: str | None = None,
               password: str | None = None) -> tuple[float, float, datetime]:
    """(offset s, uncertainty s, when) of the camera's clock against the desk's."""

    async def go() -> tuple[float, float, datetime]:
        cam = _camera(host, port, user, password)
        try:
            return await _clock(await cam.create_devicemgmt_service())
        finally:
            await cam.close()

    return _run(go, host, port)


# --- PTZ --------------------------------------------------------------------------------

PTZ_ACTIONS = ("move", "stop", "goto_preset", "set_preset", "presets")


def ptz(host: str, port: int, user: str | None, password: str | None, token: str,
        action: str, pan: float = 0.0, tilt: float = 0.0, zoom: float = 0.0,
        preset: str = "", name: str = "") -> Any:
    """One PTZ request: `move` (continuous velocity in [-1, 1]), `stop`, `goto_preset`,
    `set_preset` (returns the preset token), `presets` (list of (token, name))."""
    if action not in PTZ_ACTIONS:
        raise ValueError(action)

    async def go() -> Any:
        cam = _camera(host, port, user, password)
        try:
            await cam.update_xaddrs()
            svc = await cam.create_ptz_service()
            if action == "move":
                vel: dict[str, Any] = {}
                if pan or tilt:
                    vel["PanTilt"] = {"x": pan, "y": tilt}
                if zoom:
                    vel["Zoom"] = {"x": zoom}
                await svc.ContinuousMove({"ProfileToken": token, "Velocity": vel})
                return None
            if action == "stop":
                await svc.Stop({"ProfileToken": token, "PanTilt": True, "Zoom": True})
                return None
            if action == "goto_preset":
                await svc.GotoPreset({"ProfileToken": token, "PresetToken": preset})
                return None
            if action == "set_preset":
                req: dict[str, Any] = {"ProfileToken": token}
                if name:
                    req["PresetName"] = name
                if preset:
                    req["PresetToken"] = preset
                return str(await svc.SetPreset(req))
            presets = await svc.GetPresets({"ProfileToken": token})
            return [(str(p.token), str(p.Name or "")) for p in presets or []]
        finally:
            await cam.close()

    return _run(go, host, port)
