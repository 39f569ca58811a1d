"""ONVIF set-up and PTZ against the simulator's device service, through the real client
library (onvif-zeep-async parses every answer against the ONVIF WSDL schemas)."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import select

from controlroom.paths import DataHome
from controlroom.records.db import Database
from controlroom.records.models import AuditEntry, Camera, CameraDevice
from controlroom.video import onvif
from controlroom.video.simulator import Simulator

PW = "Onvif-Mk2026!"
OFFSET = -73.0  # the PTZ camera's clock runs 73 s slow


@pytest.fixture(scope="module")
def sim() -> Iterator[Simulator]:
    with Simulator(2, auth=f"admin:{PW}", codec=["h265", "h264"], onvif=True,
                   clock_offsets=[OFFSET, 2.0], ptz=[True, False]) as s:
        yield s


def test_inspect_fills_streams_device_and_clock(sim: Simulator) -> None:
    f = onvif.inspect("127.0.0.1", sim.onvif_port(1), "admin", PW)
    assert f.main_url == sim.url(1, "main") and f.sub_url == sim.url(1, "sub")
    assert (f.model, f.firmware, f.serial) == ("SIM-PTZ-4MP", "V5.7.3 build 231102",
                                               "SIM-PTZ-4MP-20260001")
    assert f.ptz and f.main_token == "Profile_1"
    assert f.clock_offset_s is not None and abs(f.clock_offset_s - OFFSET) < 1.0
    assert f.profiles[0]["encoding"] == "H265" and f.profiles[0]["width"] == 1280
    plain = onvif.inspect("127.0.0.1", sim.onvif_port(2), "admin", PW)
    assert not plain.ptz and plain.clock_offset_s is not None
    assert abs(plain.clock_offset_s - 2.0) < 1.0


def test_wrong_password_and_nothing_listening(sim: Simulator) -> None:
    with pytest.raises(onvif.OnvifError) as e:
        onvif.inspect("127.0.0.1", sim.onvif_port(1), "admin", "wrong")
    assert e.value.kind == "auth" and "wrong" not in str(e.value)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        free = s.getsockname()[1]
    with pytest.raises(onvif.OnvifError) as e:
        onvif.inspect("127.0.0.1", free, "admin", PW)
    assert e.value.kind == "unreachable"


def test_cli_add_by_onvif_then_ptz_and_clock(sim: Simulator, cli: Any, sqlite_db: Database,
                                            home: DataHome) -> None:
    r = cli("camera", "add", "Ngã tư chợ (PTZ)", "--onvif", f"127.0.0.1:{sim.onvif_port(1)}",
            "--username", "admin", "--password-stdin", input=PW + "\n")
    assert r.returncode == 0, r
    assert "SIM-PTZ-4MP" in r.stdout and PW not in r.stdout + r.stderr
    with sqlite_db.read() as s:
        cam = s.scalars(select(Camera)).one()
        dev = s.get(CameraDevice, cam.id)
        assert cam.main_url == sim.url(1, "main") and cam.sub_url == sim.url(1, "sub")
        assert dev is not None and dev.ptz and dev.serial == "SIM-PTZ-4MP-20260001"
        assert dev.clock_offset_s is not None and abs(dev.clock_offset_s - OFFSET) < 1.0
        code = cam.code
    assert PW.encode() not in home.database.read_bytes()

    before = len(sim.ptz_state(1)["log"])  # type: ignore[arg-type]
    assert cli("camera", "ptz", code, "right", "--seconds", "0.3").returncode == 0
    assert cli("camera", "ptz", code, "zoom_in", "--seconds", "0.2").returncode == 0
    r = cli("camera", "ptz", code, "save", "--preset-name", "Cổng chợ")
    assert r.returncode == 0, r
    assert cli("camera", "ptz", code, "left", "--seconds", "0.2").returncode == 0
    assert cli("camera", "ptz", code, "goto", "--preset", "1").returncode == 0
    r = cli("camera", "ptz", code, "presets")
    assert "Cổng chợ" in r.stdout
    state = sim.ptz_state(1)
    ops = [e["op"] for e in state["log"]][before:]  # type: ignore[index, union-attr]
    assert ops == ["ContinuousMove", "Stop", "ContinuousMove", "Stop", "SetPreset",
                   "ContinuousMove", "Stop", "GotoPreset"]
    moves = [e["velocity"] for e in state["log"][before:]  # type: ignore[index]
             if e["op"] == "ContinuousMove"]
    assert moves == [[0.5, 0.0, 0.0], [0.0, 0.0, 0.5], [-0.5, 0.0, 0.0]]
    pos = state["position"]
    assert pos == state["presets"]["1"]["position"]  # type: ignore[index]
    assert pos[0] > 0 and pos[2] > 0  # type: ignore[index]

    assert cli("camera", "clock", code).returncode == 0
    shown = json.loads(cli("camera", "show", code).stdout)
    assert shown["device"]["serial"] == "SIM-PTZ-4MP-20260001" and shown["device"]["ptz"]
    with sqlite_db.read() as s:
        audits = [(a.action, json.loads(a.detail) if isinstance(a.detail, str) else a.detail)
                  for a in s.scalars(select(AuditEntry).where(
                      AuditEntry.action.in_(("camera.ptz", "camera.onvif", "camera.clock")))
                      .order_by(AuditEntry.id))]
    assert [a for a, _ in audits] == ["camera.onvif", "camera.ptz", "camera.ptz", "camera.ptz",
                                      "camera.ptz", "camera.ptz", "camera.clock"]
    assert [d.get("direction") for a, d in audits if a == "camera.ptz"] == [
        "right", "zoom_in", None, "left", None]


def test_ptz_refused_on_a_fixed_camera(sim: Simulator, cli: Any, sqlite_db: Database) -> None:
    r = cli("camera", "add", "Cổng trường", "--onvif", f"127.0.0.1:{sim.onvif_port(2)}",
            "--username", "admin", "--password-stdin", input=PW + "\n")
    assert r.returncode == 0, r
    r = cli("--lang", "en", "camera", "ptz", "Cổng trường", "left")
    assert r.returncode != 0 and "no PTZ" in r.stdout + r.stderr
