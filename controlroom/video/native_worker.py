"""A camera stream recorded by the compiled loop (`controlroom/video/_native.c`).

Same behaviour as `worker.StreamWorker` (states, gaps, back-off, segments, disk full, the
relay) — only the per-packet work moved to C: reading, the packet clock, fragmented-MP4
muxing, SHA-256 and the periodic fdatasync. Python hears from the loop a few times a
second (status tick), at segment boundaries, on errors, and once per packet only while
somebody watches the live relay. Why: docs/benchmarks.md (16 cameras: 1.27 x ffmpeg's CPU
through PyAV, the C loop …).

The module is built by `pip install` where the system FFmpeg and OpenSSL headers exist
(installer/ensure-deps.sh installs them); elsewhere, or with CONTROLROOM_NATIVE=0, the
recorder uses the PyAV worker.
"""

from __future__ import annotations

import contextlib
import errno
import importlib
import logging
import os
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType
from typing import Any

from controlroom.video.segmenter import MUXER_OPTIONS, SegmentResult
from controlroom.video.worker import StreamWorker, rtsp_options

log = logging.getLogger("controlroom.recorder")

# How often the loop comes back to Python when nothing else happens: /status's
# last_packet_utc and the on-demand idle check. Stop and camera removal do not wait for
# it (`wake` interrupts the read).
TICK_S = 1.0

_native: ModuleType | None
try:
    _native = importlib.import_module("controlroom.video._native")
except ImportError:  # not built here: the PyAV worker records instead
    _native = None


def native_module() -> ModuleType | None:
    """The compiled module when it is built and not switched off (CONTROLROOM_NATIVE=0)."""
    if os.environ.get("CONTROLROOM_NATIVE", "1") == "0":
        return None
    return _native


class NativeSegment:
    """One segment file written by the C loop. Opened here (O_EXCL, like SegmentWriter);
    the descriptor goes to the index writer, which fsyncs and closes it."""

    def __init__(self, feed: Any, root: Path, relpath: str, start_utc: datetime,
                 info: dict[str, Any]) -> None:
        self.feed = feed
        self.relpath = relpath
        path = root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        self.fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        self.start_utc = start_utc
        self.start_ts = start_utc.timestamp()
        self.codec = str(info["codec"])
        self.width = int(info["width"])
        self.height = int(info["height"])
        self.audio_codec = str(info.get("audio_codec") or "")
        try:
            feed.start_segment(self.fd, self.start_ts, MUXER_OPTIONS)
        except BaseException:
            # The header did not fit (disk full): a file with no frame is no footage.
            os.close(self.fd)
            with contextlib.suppress(OSError):
                path.unlink()
            raise

    def close(self) -> SegmentResult:
        size, sha, packets, first_ts, end_ts, err = self.feed.end_segment()
        start = datetime.fromtimestamp(min(first_ts, self.start_ts) if packets
                                       else self.start_ts, UTC)
        end = datetime.fromtimestamp(end_ts, UTC) if packets else start
        error = OSError(err, os.strerror(err)) if err else None
        return SegmentResult(self.relpath, start, end, max(0.0, (end - start).total_seconds()),
                             size, sha, packets, self.fd, error)


class NativeStreamWorker(StreamWorker):
    """StreamWorker whose connection is a `_native.Input`."""

    def __init__(self, *args: Any, native: ModuleType, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.native = native
        self.errors = (native.Error, OSError)
        self._feed: Any = None
        self._info: dict[str, Any] = {}

    def wake(self) -> None:
        feed = self._feed
        if feed is not None:
            feed.interrupt()

    def _connect(self) -> Any:
        feed = self.native.Input()
        self._feed = feed
        if self.stopping():
            feed.interrupt()
        feed.open(self.source.url, rtsp_options(self.source.url, self.wants_audio),
                  self.wants_audio)
        self._info = feed.info()
        if self._info.get("audio_in") and not self._info.get("audio_codec"):
            log.warning("%s: audio codec %s cannot be recorded; video only",
                        self.source.camera_code, self._info["audio_in"])
        return feed

    def _disconnect(self, conn: Any) -> None:
        conn.close()
        self._feed = None

    def _make_segment(self, relpath: str, wall: datetime) -> Any:
        try:
            return NativeSegment(self._feed, self.ctx.recordings, relpath, wall, self._info)
        except self.native.Error as e:  # the muxer refused the stream's parameters
            raise OSError(errno.EINVAL, f"muxer: {e}") from e

    def _read(self, conn: Any) -> tuple[bool, str]:
        n = self.native
        info = self._info
        self.hub.attach_native(conn, info)
        self.status.set_state("online")
        frame_s = 1.0 / info["frame_rate"] if info["frame_rate"] else 0.04
        read, publish = conn.read, self.hub.publish_raw
        publish_audio = self.hub.publish_audio
        stop_set, quit_set = self.ctx.stop.is_set, self.quit.is_set
        status, record = self.status, self.record
        segment_s = self.ctx.segment_seconds
        got = False
        status_due = 0.0
        while True:
            event, wall, payload = read(TICK_S, segment_s, frame_s, record)
            if event == n.AUDIO:
                publish_audio(*payload)
                continue
            if event == n.PACKET:
                publish(*payload)
            elif event == n.END:
                code, message = payload
                if stop_set() or quit_set():
                    return got, "stopping"
                return got, "stream ended" if code == n.EOF else message
            elif event == n.SEGMENT:
                self._next_segment(True, wall)
            elif event == n.DISCONTINUITY:
                log.info("%s/%s: timestamp discontinuity, new segment",
                         self.source.camera_code, self.source.stream)
                self._close_segment()
            elif event == n.WRITE_ERROR:
                self._write_failed(OSError(payload, os.strerror(payload)))
            elif event == n.MUX_ERROR:
                self._muxer_refused(n.Error(payload[1]))
            got = True
            if wall >= status_due or event == n.TICK:
                if stop_set() or quit_set():
                    return got, "stopping"
                if self.on_demand and not self._wanted():
                    return got, "idle"
                status.last_packet_ts = wall
                status_due = wall + TICK_S


def engine() -> str:
    """What reads the cameras, for /status and the log."""
    native = native_module()
    return f"native (FFmpeg {native.FFMPEG})" if native is not None else "pyav"


def make_worker(*args: Any, **kwargs: Any) -> StreamWorker:
    """The native worker where the module is built, otherwise the PyAV one."""
    native = native_module()
    if native is None:
        return StreamWorker(*args, **kwargs)
    return NativeStreamWorker(*args, native=native, **kwargs)

