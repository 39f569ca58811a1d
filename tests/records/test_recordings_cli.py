"""`controlroom recordings list|verify` and `controlroom hold …` as real commands."""

from __future__ import annotations

import hashlib
import json
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from controlroom.errors import ExitCode
from controlroom.paths import DataHome
from controlroom.records import segment_index as si
from controlroom.records.db import Database
from controlroom.records.models import Camera, Gap

T0 = datetime(2026, 11, 22, 1, 0, tzinfo=UTC)  # 08:00 in Hà Nội


def _setup(db: Database, home: DataHome) -> list[str]:
    with db.session() as s:
        cam = Camera(uid=str(uuid.uuid4()), name="Cổng UBND", code="UBND")
        s.add(cam)
        s.flush()
        paths = []
        for i in range(3):
            rel = f"UBND/2026-11-22/UBND-main-2026112201{i:02d}00Z.mp4"
            data = f"segment {i}".encode()
            (home.recordings / rel).parent.mkdir(parents=True, exist_ok=True)
            (home.recordings / rel).write_bytes(data)
            start = T0 + timedelta(minutes=i)
            si.add_closed_segment(s, cam.id, "main", rel, start, si.SegmentFacts(
                start + timedelta(seconds=60), 60, len(data), hashlib.sha256(data).hexdigest()))
            paths.append(rel)
        si.open_gap(s, cam.id, "main", T0 + timedelta(minutes=3), "offline", "timeout")
    return paths


def test_list_and_verify(sqlite_db: Database, home: DataHome, cli) -> None:
    paths = _setup(sqlite_db, home)
    r = cli("--lang", "vi", "recordings", "list", "--camera", "Cổng UBND")
    assert r.returncode == 0, r
    assert "22/11/2026 08:00:00" in r.stdout and "KHOẢNG TRỐNG: mất tín hiệu" in r.stdout
    r = cli("recordings", "list", "--camera", "UBND", "--from", "22/11/2026 08:01",
            "--to", "2026-11-22T08:02:30+07:00", "--json")
    doc = json.loads(r.stdout)
    assert [s["path"] for s in doc["segments"]] == paths[1:3]
    assert doc["gaps"] == []
    assert cli("recordings", "verify").returncode == 0

    (home.recordings / paths[1]).write_bytes(b"tampered")
    (home.recordings / paths[2]).unlink()
    r = cli("--lang", "en", "recordings", "verify")
    assert r.returncode == ExitCode.NOT_VERIFIED
    assert f"MISMATCH: {paths[1]}" in r.stdout and f"MISSING: {paths[2]}" in r.stdout
    assert "2/3 segments do not match" in r.stderr

    r = cli("recordings", "list", "--camera", "Không có")
    assert r.returncode == 6 and "Traceback" not in r.stderr


def test_hold_commands(sqlite_db: Database, home: DataHome, cli) -> None:
    _setup(sqlite_db, home)
    r = cli("hold", "add", "--camera", "UBND", "--from", "22/11/2026 08:00",
            "--to", "22/11/2026 08:05", "--reason", "Vụ trộm xe")
    assert r.returncode == 0, r
    hid = int(r.stdout.strip())
    held = json.loads(cli("hold", "list", "--json").stdout)
    assert held[0]["id"] == hid and held[0]["start"].startswith("2026-11-22T01:00")
    assert cli("hold", "release", str(hid)).returncode == 0
    assert json.loads(cli("hold", "list", "--json").stdout) == []
    r = cli("hold", "add", "--camera", "UBND", "--from", "22/11/2026 08:05",
            "--to", "22/11/2026 08:00")
    assert r.returncode == 2 and "Traceback" not in r.stderr


@pytest.mark.parametrize("args", [
    ("recordings", "list", "--camera", "UBND", "--from", "0001-01-01T00:00"),
    ("recordings", "list", "--camera", "UBND", "--to", "9999-12-31T23:59"),
    ("hold", "add", "--camera", "UBND", "--from", "01/01/1900 00:00", "--to", "22/11/2026"),
    ("hold", "add", "--camera", "UBND", "--from", "22/11/2026", "--to", "2100-01-01T00:00"),
])
def test_absurd_years_are_a_clear_error(sqlite_db: Database, home: DataHome, cli,
                                        args: tuple[str, ...]) -> None:
    _setup(sqlite_db, home)
    r = cli("--lang", "en", *args)
    assert r.returncode == ExitCode.INVALID_INPUT, r
    assert "outside the accepted range" in r.stderr and "Traceback" not in r.stderr


def test_a_hold_outside_the_years_is_refused_by_the_service(sqlite_db: Database,
                                                            home: DataHome) -> None:
    from controlroom.errors import InvalidInput
    from controlroom.records import holds
    from controlroom.records.users import SYSTEM

    _setup(sqlite_db, home)
    with sqlite_db.session() as s, pytest.raises(InvalidInput):
        holds.add_hold(s, SYSTEM, 1, datetime(1900, 1, 1, tzinfo=UTC), T0)


def test_ffmpeg_errors_in_gaps_are_shown_translated(sqlite_db: Database, home: DataHome,
                                                    cli) -> None:
    _setup(sqlite_db, home)
    with sqlite_db.session() as s:
        g = s.scalars(select(Gap)).one()
        g.reason, g.detail = "auth_failed", "Server returned 401 Unauthorized (authorization " \
            "failed): 'rtsp://admin:***@10.0.0.2/a'"
    vi = cli("recordings", "list", "--camera", "UBND").stdout
    en = cli("--lang", "en", "recordings", "list", "--camera", "UBND").stdout
    assert "Camera từ chối tên đăng nhập" in vi and "Unauthorized" not in vi
    assert "refused the user name/password (401)" in en and "Unauthorized" not in en
