"""`controlroom camera …` and `controlroom simulate`, run as real subprocesses."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest

from controlroom.errors import ExitCode
from controlroom.paths import DataHome
from controlroom.records.db import Database
from controlroom.video.simulator import Simulator

PW = "Cli-cam-S3cret"


@pytest.fixture(scope="module")
def sim() -> Iterator[Simulator]:
    with Simulator(cameras=1, auth=f"admin:{PW}") as s:
        yield s


def test_add_list_test_edit_remove(cli: Any, sqlite_db: Database, sim: Simulator,
                                   home: DataHome) -> None:
    r = cli("camera", "add", "Cổng chợ Tịnh Châu", "--url", sim.url(1, "main"),
            "--sub-url", sim.url(1, "sub"), "--location", "Thôn Phú Long",
            "--gps", "15.12, 108.80", "--owner-kind", "business", "--owner-name", "Bà Lan",
            "--username", "admin", "--password-stdin", input=PW + "\n")
    assert r.returncode == 0, r
    assert "CAM-001" in r.stdout and "admin:***@" in r.stdout and PW not in r.stdout

    r = cli("camera", "list", "--json")
    rows = json.loads(r.stdout)
    assert [x["name"] for x in rows] == ["Cổng chợ Tịnh Châu"]
    assert rows[0]["gps"] == [15.12, 108.8] and rows[0]["has_credentials"] is True
    assert PW not in r.stdout

    r = cli("camera", "test", "cong cho tinh chau", "--json")
    assert r.returncode == 0, r
    out = json.loads(r.stdout[r.stdout.index("{"):])
    assert out["main"]["width"] == 1280 and out["sub"]["height"] == 360
    assert out["main"]["codec"] == "h264" and out["main"]["first_frame_s"] > 0
    assert out["main"]["audio_codec"] == ""  # this simulator camera has no microphone
    r = cli("--lang", "en", "camera", "test", "CAM-001")
    assert r.returncode == 0 and "no audio" in r.stdout, r

    # a wrong password: the test says exactly why, and exits non-zero
    r = cli("camera", "edit", "CAM-001", "--username", "admin", "--password-stdin",
            input="wrong-password\n")
    assert r.returncode == 0, r
    r = cli("--lang", "en", "camera", "test", "CAM-001", "--timeout", "5")
    assert r.returncode == 9
    assert "401" in r.stdout and "wrong-password" not in r.stdout + r.stderr

    r = cli("camera", "edit", "CAM-001", "--disable", "--new-name", "Cổng chợ (cũ)")
    assert r.returncode == 0, r
    r = cli("camera", "list", "--enabled")
    assert "Cổng chợ" not in r.stdout

    r = cli("camera", "remove", "CAM-001")
    assert r.returncode == 0, r
    assert json.loads(cli("camera", "list", "--json").stdout) == []
    assert PW.encode() not in home.database.read_bytes()


def test_vendor_add_and_errors(cli: Any, sqlite_db: Database) -> None:
    r = cli("camera", "add", "Trường THCS", "--vendor", "dahua", "--host", "10.0.0.9",
            "--channel", "2", "--code", "THCS-1")
    assert r.returncode == 0, r
    assert "channel=2&subtype=0" in r.stdout

    r = cli("camera", "add", "Trường THCS", "--vendor", "dahua", "--host", "10.0.0.10")
    assert r.returncode == 2 and "controlroom:" in r.stderr and "Traceback" not in r.stderr

    r = cli("--lang", "en", "camera", "add", "X", "--url", "http://10.0.0.1/a")
    assert r.returncode == 2
    assert r.stderr.strip() == ("controlroom: The main stream URL must start with rtsp:// "
                                "(got «http://»).")  # English only
    r = cli("camera", "add", "X", "--url", "rtsp://10.0.0.1/a", "--sub-url", "10.0.0.1/b")
    assert r.stderr.strip().startswith("controlroom: URL luồng phụ phải bắt đầu bằng rtsp://")
    assert "stream" not in r.stderr  # Vietnamese only

    r = cli("--lang", "en", "camera", "add", "X", "--url", "rtsp://10.0.0.1/a",
            "--gps", "95, 10")
    assert r.returncode == 2 and "Latitude" in r.stderr

    r = cli("camera", "add", "X")
    assert r.returncode == 2 and "--url" in r.stderr

    r = cli("--lang", "en", "camera", "remove", "không có")
    assert r.returncode == 6 and "No camera" in r.stderr

    r = cli("camera", "edit", "THCS-1")
    assert r.returncode == 2


def test_simulate_command_serves_and_takes_commands() -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "controlroom", "--lang", "en", "simulate", "--cameras", "2",
         "--port", "0", "--auth", f"admin:{PW}", "--audio", "pcma", "--onvif"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env=os.environ.copy())
    assert proc.stdin is not None and proc.stdout is not None
    try:
        lines = []
        while True:
            line = proc.stdout.readline()
            assert line, proc.stderr.read() if proc.stderr else ""
            lines.append(line)
            if line.startswith("Commands on stdin"):
                break
        text = "".join(lines)
        assert "cam2/sub" in text and "admin:***@" in text and PW not in text
        url = next(w for w in text.split() if w.endswith("/cam1/sub"))
        import av
        full = url.replace("admin:***@", f"admin:{PW}@")
        with av.open(full, options={"rtsp_transport": "tcp"}) as c:
            assert next(iter(c.decode(video=0))).width == 640
            assert c.streams.audio[0].codec_context.name == "pcm_alaw"
        assert text.count("onvif 127.0.0.1:") == 2
        proc.stdin.write("offline 1\n")
        proc.stdin.flush()
        assert proc.stdout.readline().strip() == "OK offline 1"
        proc.stdin.write("status\n")
        proc.stdin.flush()
        assert "offline=1" in proc.stdout.readline()
        proc.stdin.write("quit\n")
        proc.stdin.flush()
        assert proc.wait(timeout=30) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_camera_add_without_a_keyring_is_a_clear_error(cli: Any, sqlite_db: Database) -> None:
    """SecretService chosen but no D-Bus session (a desktop without a keyring daemon):
    keyring raises RuntimeError from inside its backend."""
    r = cli("--lang", "en", "camera", "add", "X", "--url", f"rtsp://admin:{PW}@10.0.0.5/a",
            env={"CONTROLROOM_KEYRING": "", "DBUS_SESSION_BUS_ADDRESS": "",
                 "PYTHON_KEYRING_BACKEND": "keyring.backends.SecretService.Keyring"})
    assert r.returncode == ExitCode.SECRET_STORE_UNAVAILABLE, r
    assert "No secure OS keyring" in r.stderr and "Traceback" not in r.stderr
    assert PW not in r.stderr

