"""One camera stream: connect, read packets, record (main stream) and relay.

One thread per stream and one RTSP connection per stream, never two: the recorder writes
segments and feeds the live relay from the same packets.

Failure handling, in order of how often a commune network meets them:
- camera unreachable / stream drops → state "offline", a gap row from the end of the last
  footage, reconnect with exponential backoff (1 s … 30 s);
- wrong credentials (401) → state "auth_failed", a gap row, one retry every
  `auth_retry_s` (5 min): a tight loop would lock the camera's account and flood its log;
- disk full while writing → the segment is closed as far as it was written, a
  "disk_full" gap, retention is woken, recording resumes by itself when space returns.
"""

from __future__ import annotations

import contextlib
import dataclasses
import errno
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import av

from controlroom.oserror import describe
from controlroom.records import segment_index
from controlroom.records.segment_index import SegmentFacts
from controlroom.timeutil import utcnow
from controlroom.video.audio import AudioTrack, adts
from controlroom.video.clock import PacketClock, to_datetime
from controlroom.video.health import StreamStatus
from controlroom.video.index_queue import IndexQueue, durable_close
from controlroom.video.relay import RelayHub
from controlroom.video.segmenter import SegmentResult, SegmentWriter, segment_relpath
from controlroom.video.source import Source

log = logging.getLogger("controlroom.recorder")

MAX_BACKOFF_S = 30.0
AUTH_RETRY_S = 300.0
READ_TIMEOUT_S = 10.0
SUB_LINGER_S = 30.0
STATUS_EVERY_S = 0.25  # how often /status's last_packet_utc moves


@dataclass
class RecorderContext:
    """What every stream thread shares."""

    recordings: Path
    index: IndexQueue
    stop: threading.Event
    segment_seconds: float = 60.0
    max_backoff_s: float = MAX_BACKOFF_S
    auth_retry_s: float = AUTH_RETRY_S
    disk_ok: Callable[[], bool] = field(default=lambda: True)
    on_disk_full: Callable[[], None] = field(default=lambda: None)


def rtsp_options(url: str, audio: bool = False) -> dict[str, str]:
    """FFmpeg's own socket timeouts. Not PyAV's `timeout=`: its interrupt callback takes
    the GIL on every I/O poll, which doubled the CPU cost of 16 cameras. Without `audio`
    the camera is not even asked for its sound (RTSP SETUP of the video only)."""
    us = str(int(READ_TIMEOUT_S * 1_000_000))
    if url.startswith("rtsp"):
        opts = {"rtsp_transport": "tcp", "timeout": us}
        if not audio:
            opts["allowed_media_types"] = "video"
        return opts
    return {"rw_timeout": us}


def is_auth_error(e: BaseException) -> bool:
    if isinstance(e, av.HTTPUnauthorizedError | av.HTTPForbiddenError):
        return True
    text = str(e).lower()
    return "401" in text or "unauthorized" in text or "403" in text


class StreamWorker(threading.Thread):
    """A stream read through PyAV, one Python iteration per packet (the portable path;
    native_worker.NativeStreamWorker is the recorder's default where it is built)."""

    errors: tuple[type[BaseException], ...] = (av.FFmpegError, OSError)

    def __init__(self, ctx: RecorderContext, source: Source, status: StreamStatus,
                 hub: RelayHub, record: bool, on_demand: bool = False) -> None:
        super().__init__(name=f"cam{source.camera_id}-{source.stream}", daemon=True)
        self.ctx = ctx
        self.source = source
        self.status = status
        self.hub = hub
        self.record = record
        self.on_demand = on_demand
        self.quit = threading.Event()  # this stream only (camera removed/changed)
        self.segment: Any = None  # SegmentWriter, or NativeSegment
        self.last_footage: datetime | None = None
        self.disk_blocked = False
        self.muxer_errors = 0
        self._template: Any = None  # the input video stream while connected (PyAV)
        self._audio: AudioTrack | None = None  # the recorded audio while connected (PyAV)
        self._video_per_sample = 1.0  # video time-base units per audio sample

    # -- life cycle ------------------------------------------------------------------------
    def stopping(self) -> bool:
        return self.ctx.stop.is_set() or self.quit.is_set()

    def wake(self) -> None:
        """Cut short a blocking connect or read (stop, camera removed); PyAV's own
        timeouts (READ_TIMEOUT_S) bound it here."""

    @property
    def wants_audio(self) -> bool:
        """Audio is recorded with the main stream when the camera's setting allows."""
        return self.record and self.source.audio

    def _connect(self) -> Any:
        return av.open(self.source.url,
                       options=rtsp_options(self.source.url, self.wants_audio))

    def _disconnect(self, conn: Any) -> None:
        with contextlib.suppress(*self.errors):
            conn.close()

    def _sleep(self, seconds: float) -> None:
        end = time.monotonic() + seconds
        while not self.stopping() and time.monotonic() < end:
            self.ctx.stop.wait(min(0.5, end - time.monotonic()))
            if self.quit.is_set():
                return

    def run(self) -> None:
        backoff = 1.0
        while not self.stopping():
            if self.on_demand and not self._wanted():
                self.status.set_state("idle")
                self.hub.wanted.wait(1.0)
                continue
            self.status.attempts += 1
            self.status.set_state("connecting")
            try:
                conn = self._connect()
            except self.errors as e:
                msg = self.source.redact(str(e))
                if is_auth_error(e):
                    self._failed("auth_failed", msg)
                    log.error("%s/%s: the camera refused the credentials (%s); next try in "
                              "%.0f s", self.source.camera_code, self.source.stream, msg,
                              self.ctx.auth_retry_s)
                    self._sleep(self.ctx.auth_retry_s)
                else:
                    self._failed("offline", msg)
                    log.warning("%s/%s: cannot connect (%s); retry in %.0f s",
                                self.source.camera_code, self.source.stream, msg, backoff)
                    self._sleep(backoff)
                    backoff = min(backoff * 2, self.ctx.max_backoff_s)
                continue
            got_packets = False
            reason = "stream ended"
            try:
                got_packets, reason = self._read(conn)
            except self.errors as e:
                reason = self.source.redact(str(e))
            except Exception as e:  # never let one camera kill the recorder
                reason = self.source.redact(f"{type(e).__name__}: {e}")
                log.exception("%s/%s: unexpected error", self.source.camera_code,
                              self.source.stream)
            finally:
                self._close_segment()
                self.hub.detach()
                self._disconnect(conn)
            if self.stopping():
                break
            if got_packets:
                backoff = 1.0
            if reason == "idle":
                continue
            self._failed("offline", reason)
            log.warning("%s/%s: stream lost (%s); reconnecting in %.0f s",
                        self.source.camera_code, self.source.stream, reason, backoff)
            self._sleep(backoff)
            backoff = min(backoff * 2, self.ctx.max_backoff_s)
        self._close_segment()
        self.status.set_state("stopped")

    def _wanted(self) -> bool:
        return (self.hub.viewer_count > 0
                or time.monotonic() - self.hub.last_viewer_left < SUB_LINGER_S)

    def _failed(self, state: str, msg: str) -> None:
        self.status.set_state(state, msg)
        if self.record:
            start = self.last_footage or utcnow()
            cam, stream = self.source.camera_id, self.source.stream
            reason = "auth_failed" if state == "auth_failed" else "offline"
            self.ctx.index.submit(
                f"gap {reason}",
                lambda s: segment_index.open_gap(s, cam, stream, start, reason, msg))

    # -- reading -----------------------------------------------------------------------------
    def _read(self, container: Any) -> tuple[bool, str]:
        if not container.streams.video:
            return False, "no video stream"
        vs = self._template = container.streams.video[0]
        self._audio = None
        streams = [vs]
        if self.wants_audio and container.streams.audio:
            track = AudioTrack(container.streams.audio[0])
            if track.mode is not None:
                self._audio = track
                streams.append(track.stream)
                self.hub.audio = (track.rate, track.channels)
            else:
                log.warning("%s: audio codec %s cannot be recorded; video only",
                            self.source.camera_code, track.in_codec)
        audio = self._audio
        vindex = vs.index
        if audio is not None and vs.time_base:
            self._video_per_sample = float(1 / (audio.rate * vs.time_base))
        clock = PacketClock(vs.time_base)
        rate = vs.average_rate or vs.guessed_rate
        frame_s = float(1 / rate) if rate else 0.04
        self.hub.attach(vs)
        self.status.set_state("online")
        got = False
        # Everything the per-packet loop touches, bound to locals once per connection:
        # with 16 cameras in one interpreter each attribute lookup is paid ~250 times/s.
        accept = clock.accept_ts
        publish = self.hub.publish
        record = self.record
        stop_set, quit_set = self.ctx.stop.is_set, self.quit.is_set
        on_demand = self.on_demand
        status = self.status
        segment_s = self.ctx.segment_seconds
        status_due = 0.0
        for packet in container.demux(streams):
            if audio is not None and packet.stream_index != vindex:
                if record and self.segment is not None:
                    self._write_audio(audio, packet)
                continue
            accepted = accept(packet.dts)
            if accepted is None:
                if stop_set() or quit_set():
                    return got, "stopping"
                continue
            wall, discontinuity = accepted
            got = True
            if wall >= status_due or discontinuity:
                # A few times a second: /status's time, and whether to stop.
                if stop_set() or quit_set():
                    return got, "stopping"
                if on_demand and not self._wanted():
                    return got, "idle"
                status.last_packet_ts = wall
                status_due = wall + STATUS_EVERY_S
                if discontinuity:
                    log.info("%s/%s: timestamp discontinuity, new segment",
                             self.source.camera_code, self.source.stream)
                    self._close_segment()
            publish(packet)  # before muxing rewrites its timestamps
            if not record:
                continue
            seg = self.segment
            if seg is None or (wall - seg.start_ts >= segment_s and packet.is_keyframe):
                seg = self._next_segment(packet.is_keyframe, wall)
                if seg is None:
                    continue
            try:
                seg.write_ts(packet, wall, frame_s)
            except OSError as e:
                self._write_failed(e)
            except av.FFmpegError as e:
                self._muxer_refused(e)
        return got, "stream ended"

    def _write_audio(self, audio: AudioTrack, packet: Any) -> None:
        seg = self.segment
        relay = self.hub.viewer_count > 0
        to_video = self._video_per_sample
        try:
            for p in audio.feed(packet):
                if relay and p.pts is not None:
                    self.hub.publish_audio(adts(bytes(p), audio.rate, audio.channels),
                                           round(p.pts * to_video))
                seg.write_audio(p)
        except OSError as e:
            self._write_failed(e)

    def _next_segment(self, keyframe: bool, wall: float) -> Any:
        """Close the current segment (if any) and open the next one on this keyframe;
        None while there is nothing to write into (not a keyframe, disk full)."""
        self._close_segment()
        if not keyframe:
            return None
        if self.disk_blocked:
            if not self.ctx.disk_ok():
                return None
            self.disk_blocked = False
            log.info("%s: space on the recordings disk again, recording resumes",
                     self.source.camera_code)
        return self._open_segment(to_datetime(wall))

    def _muxer_refused(self, e: Exception) -> None:
        """A packet the muxer would not take. A few are tolerated (a camera glitch); a run
        of them within one segment starts a new segment."""
        self.muxer_errors += 1
        if self.muxer_errors > 25:
            log.error("%s: the muxer keeps refusing packets (%s); new segment",
                      self.source.camera_code, e)
            self._close_segment()

    def _make_segment(self, relpath: str, wall: datetime) -> Any:
        return SegmentWriter(self.ctx.recordings, relpath, self._template, wall, self._audio)

    def _open_segment(self, wall: datetime) -> Any:
        relpath = segment_relpath(self.source.camera_code, self.source.stream, wall)
        n = 1
        while (self.ctx.recordings / relpath).exists():
            base = segment_relpath(self.source.camera_code, self.source.stream, wall)
            relpath = base[:-4] + f"-{n}.mp4"
            n += 1
        try:
            seg = self._make_segment(relpath, wall)
        except OSError as e:
            self._write_failed(e)
            return None
        self.segment = seg
        self.muxer_errors = 0
        cam, stream = self.source.camera_id, self.source.stream
        codec, w, h, audio = seg.codec, seg.width, seg.height, seg.audio_codec

        def op(s: Any) -> None:
            segment_index.close_gaps(s, cam, stream, wall)
            segment_index.open_segment(s, cam, stream, relpath, wall, codec, w, h, audio)

        self.ctx.index.submit(f"open {relpath}", op)
        self.status.segment = relpath
        self.status.set_state("recording")
        self.status.recording = True
        return seg

    def _write_failed(self, e: OSError) -> None:
        seg_end = self._close_segment()
        if e.errno == errno.ENOSPC:
            reason, detail = "disk_full", "no space left on the recordings disk"
            self.disk_blocked = True
            log.error("%s: recordings disk full; segment closed, waiting for space",
                      self.source.camera_code)
            self.ctx.on_disk_full()
        else:
            reason, detail = "error", f"write error: {describe(e).en}"
            log.error("%s: cannot write the segment: %s", self.source.camera_code, detail)
        self.status.set_state("online")
        self.status.last_error = detail
        cam, stream = self.source.camera_id, self.source.stream
        start = seg_end or self.last_footage or utcnow()
        self.ctx.index.submit(f"gap {reason}",
                              lambda s: segment_index.open_gap(s, cam, stream, start, reason,
                                                               detail))

    def _close_segment(self) -> datetime | None:
        """Finish the open segment (if any) and queue it for the index; its end time."""
        seg, self.segment = self.segment, None
        if seg is None:
            return None
        result = seg.close()
        self.last_footage = result.end_utc
        self.status.segment = ""
        self.status.recording = False
        finish_segment(self.ctx.index, self.ctx.recordings, result)
        return result.end_utc


def finish_segment(index: IndexQueue, recordings: Path, result: SegmentResult) -> None:
    """Queue: fsync + close the file, fsync its directory, then commit the row."""
    path = recordings / result.relpath
    facts_box: dict[str, SegmentFacts] = {}

    def before() -> None:
        durable_close(result.fd, path)
        facts = SegmentFacts(result.end_utc, result.duration_s, result.bytes, result.sha256,
                             start_utc=result.start_utc)
        if result.error is not None or result.packets == 0:
            # Cut short: trust the file, not our counters.
            from controlroom.video.recovery import facts_from_file

            probed = facts_from_file(path, result.start_utc)
            if probed is not None:
                facts = dataclasses.replace(probed[1], start_utc=result.start_utc)
            if facts.state == "corrupt" and result.error is not None:
                # Not one playable frame reached the disk (disk full at the header):
                # there is no footage to keep, only a stub that would fail verification.
                with contextlib.suppress(OSError):
                    path.unlink()
                log.warning("%s held no playable frame (%s); removed", result.relpath,
                            result.error.strerror or result.error)
                facts = SegmentFacts(result.start_utc, 0.0, 0, "", "dropped")
        facts_box["f"] = facts

    def op(s: Any) -> None:
        facts = facts_box.get("f") or SegmentFacts(result.end_utc, result.duration_s,
                                                   result.bytes, result.sha256, "corrupt")
        if facts.state == "dropped":
            segment_index.drop_segment(s, result.relpath)
        else:
            segment_index.close_segment(s, result.relpath, facts)

    index.submit(f"close {result.relpath}", op, before)
