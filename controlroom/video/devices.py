"""A registered camera's ONVIF side: remember what it said about itself, re-read its clock,
and move its PTZ head — each change and each move audited.

`video/onvif.py` talks to the camera; this module ties it to the registry (the camera's
credentials from the keyring, `CameraDevice` rows, the audit log). No Qt: the CLI and
the GUI call the same functions.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from controlroom.errors import InvalidInput
from controlroom.paths import DataHome
from controlroom.records import audit, cameras
from controlroom.records.db import Database
from controlroom.records.models import Camera, CameraDevice
from controlroom.records.users import Identity
from controlroom.video import onvif

PTZ_ROLE = "officer"  # the desk officer steers cameras; every move is audited


def save_facts(s: Session, actor: Identity, camera: Camera, facts: onvif.DeviceFacts) -> \
        CameraDevice:
    """Store (or refresh) what the camera said over ONVIF; audited."""
    dev = s.get(CameraDevice, camera.id)
    if dev is None:
        dev = CameraDevice(camera_id=camera.id)
        s.add(dev)
    dev.onvif_host, dev.onvif_port = facts.host, facts.port
    dev.manufacturer, dev.model = facts.manufacturer[:100], facts.model[:100]
    dev.serial, dev.firmware = facts.serial[:100], facts.firmware[:100]
    dev.profile_token, dev.ptz = facts.main_token[:64], facts.ptz
    dev.clock_offset_s, dev.clock_uncertainty_s = (facts.clock_offset_s,
                                                   facts.clock_uncertainty_s)
    dev.clock_checked_utc = facts.checked_utc
    s.flush()
    audit.record(s, actor.username, "camera.onvif", "camera", camera.code,
                 host=facts.host, port=facts.port, model=facts.model, serial=facts.serial,
                 firmware=facts.firmware, ptz=facts.ptz,
                 clock_offset_s=facts.clock_offset_s)
    return dev


@dataclass(frozen=True)
class Target:
    """Everything a PTZ or clock request needs, read in one short transaction."""

    camera_id: int
    code: str
    host: str
    port: int
    user: str | None
    password: str | None
    token: str
    ptz: bool


def target(db: Database, ref: int | str, home: DataHome | None = None) -> Target:
    with db.read() as s:
        cam = cameras.get(s, ref)
        dev = s.get(CameraDevice, cam.id)
        if dev is None or not dev.onvif_port:
            raise InvalidInput("Camera «{c}» chưa được thiết lập qua ONVIF.",
                               "Camera «{c}» was not set up over ONVIF.", c=cam.name)
        cred = cameras.credentials(cam, home)
        return Target(cam.id, cam.code, dev.onvif_host or cam.host, dev.onvif_port,
                      cred.username if cred else None, cred.password if cred else None,
                      dev.profile_token, dev.ptz)


def refresh_clock(db: Database, actor: Identity, ref: int | str,
                  home: DataHome | None = None) -> float:
    """Read the camera's clock again; store and audit the offset (seconds)."""
    t = target(db, ref, home)
    offset, uncertainty, when = onvif.read_clock(t.host, t.port, t.user, t.password)
    with db.session() as s:
        dev = s.get(CameraDevice, t.camera_id)
        assert dev is not None
        dev.clock_offset_s, dev.clock_uncertainty_s = offset, uncertainty
        dev.clock_checked_utc = when
        audit.record(s, actor.username, "camera.clock", "camera", t.code,
                     clock_offset_s=offset, uncertainty_s=uncertainty)
    return offset


MOVES = {"left": (-1, 0, 0), "right": (1, 0, 0), "up": (0, 1, 0), "down": (0, -1, 0),
         "zoom_in": (0, 0, 1), "zoom_out": (0, 0, -1)}


def ptz(db: Database, actor: Identity, ref: int | str, action: str,
        home: DataHome | None = None, direction: str = "", speed: float = 0.5,
        preset: str = "", name: str = "") -> Any:
    """A PTZ request from the desk: `move` (direction in MOVES, until `stop`), `stop`,
    `goto_preset`, `set_preset`, `presets`. Moves and presets are audited (a stop is
    part of the move it ends)."""
    actor.require(PTZ_ROLE)
    t = target(db, ref, home)
    if not t.ptz:
        raise InvalidInput("Camera «{c}» không có PTZ.", "Camera «{c}» has no PTZ.", c=t.code)
    pan = tilt = zoom = 0.0
    if action == "move":
        if direction not in MOVES:
            raise InvalidInput("Hướng PTZ không hợp lệ: {d}.", "Invalid PTZ direction: {d}.",
                               d=direction)
        speed = max(0.05, min(1.0, speed))
        pan, tilt, zoom = (v * speed for v in MOVES[direction])
    if action in ("goto_preset", "set_preset") and action == "goto_preset" and not preset:
        raise InvalidInput("Cần số điểm đặt sẵn (preset).", "A preset is needed.")
    result = onvif.ptz(t.host, t.port, t.user, t.password, t.token, action, pan, tilt, zoom,
                       preset, name)
    if action in ("move", "goto_preset", "set_preset"):
        detail: dict[str, Any] = {"ptz_action": action}
        if action == "move":
            detail.update(direction=direction, speed=round(speed, 2))
        else:
            detail.update(preset=result if action == "set_preset" else preset, name=name)
        with db.session() as s:
            audit.record(s, actor.username, "camera.ptz", "camera", t.code, **detail)
    return result
