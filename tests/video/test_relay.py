"""Live relay and control channel: MPEG-TS from the recorder's own camera connection."""

from __future__ import annotations

import threading
import time

import av
import pytest

from controlroom.paths import DataHome
from controlroom.records.db import Database
from controlroom.video.control import RecorderClient, RecorderNotRunning
from controlroom.video.simulator import Simulator
from tests.video.recording_support import RecorderProcess, add_camera, wait_for

pytestmark = pytest.mark.slow


def _frames(url: str, n: int) -> tuple[int, int]:
    """(frames decoded, width) reading the relay like a tile player would."""
    got, width = 0, 0
    with av.open(url, timeout=15) as c:
        for f in c.decode(video=0):
            got, width = got + 1, f.width
            if got >= n:
                break
    return got, width


def test_relay_serves_decodable_ts_from_one_connection(sqlite_db: Database,
                                                       home: DataHome) -> None:
    client = RecorderClient(home)
    assert not client.is_running() and client.status() is None
    with pytest.raises(RecorderNotRunning):
        client.live_url(1, "sub")
    with Simulator(1) as sim:
        cam = add_camera(sqlite_db, home, sim, 1)
        with RecorderProcess(home) as rec:
            wait_for(lambda: (client.camera_status(cam, "main") or {}).get("recording"),
                     40, "recording", rec)
            assert client.is_running()
            url = client.live_url(cam, "main")
            assert url.startswith("http://127.0.0.1:") and url.endswith(f"/live/{cam}/main.ts")
            assert _frames(url, 20) == (20, 1280)
            # Two tiles on the sub stream at once: one more camera connection, not two.
            results: list[tuple[int, int]] = []
            threads = [threading.Thread(target=lambda: results.append(
                _frames(client.live_url(cam, "sub"), 40))) for _ in range(2)]
            for t in threads:
                t.start()
            seen = 0
            deadline = time.monotonic() + 20
            while any(t.is_alive() for t in threads) and time.monotonic() < deadline:
                seen = max(seen, sim.clients())
                time.sleep(0.3)
            for t in threads:
                t.join(30)
            sub = client.camera_status(cam, "sub")
    assert results == [(40, 640), (40, 640)]
    assert seen == 2  # main (recorder) + sub (relay for both viewers)
    assert sub is not None and sub["attempts"] == 1


def test_unknown_camera_is_404(sqlite_db: Database, home: DataHome) -> None:
    import urllib.error
    import urllib.request

    with Simulator(1) as sim:
        add_camera(sqlite_db, home, sim, 1)
        with RecorderProcess(home) as rec:
            with pytest.raises(urllib.error.HTTPError) as e:
                urllib.request.urlopen(f"http://127.0.0.1:{rec.port()}/live/999/main.ts")
            assert e.value.code == 404
