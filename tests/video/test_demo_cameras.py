"""The demo's nine cameras: registered with keyring credentials and really streaming."""

from __future__ import annotations

from controlroom.paths import DataHome
from controlroom.records import cameras
from controlroom.records.db import Database
from controlroom.video import demo_cameras
from controlroom.video.probe import probe


def test_seed_registers_streaming_cameras_and_reseeds(sqlite_db: Database,
                                                      home: DataHome) -> None:
    stop = demo_cameras.seed(sqlite_db, home)
    try:
        with sqlite_db.read() as s:
            cams = cameras.list_cameras(s)
            assert [c.code for c in cams] == [f"TC-0{i}" for i in range(1, 10)]
            assert cams[0].name == "Cổng chợ Tịnh Châu" and cams[0].has_credentials
            url = cameras.credentialed_url(cams[1], "sub", home)
        assert probe(url, timeout=10).width == 640
    finally:
        stop()
    stop = demo_cameras.seed(sqlite_db, home)  # a reused demo home: re-pointed, not doubled
    try:
        with sqlite_db.read() as s:
            cams = cameras.list_cameras(s)
            assert len(cams) == 9
            url = cameras.credentialed_url(cams[8], "main", home)
        assert probe(url, timeout=10).height == 720
    finally:
        stop()
