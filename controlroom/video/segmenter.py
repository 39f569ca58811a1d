"""Writing one segment file: fragmented MP4 by stream copy, hashed while it is written.

Why fragmented MP4: a plain MP4 keeps its index (`moov`) at the end, so a file cut short by
a crash or power loss cannot be played. With `frag_keyframe+empty_moov+default_base_moof`
every GOP is written as a self-contained fragment, so a file stays playable up to its last
complete fragment after kill -9. Cameras with "smart" codecs (H.264+/H.265+) stretch a GOP
to 10 s or more; `frag_duration` also cuts a fragment after MAX_FRAGMENT_S, so what a crash
can take, and what each camera holds in memory, stays bounded whatever the GOP.

Why hash while writing: the SHA-256 stored in the index is what evidence exports prove the
file against; computing it from the bytes as they go to disk costs nothing extra and
avoids reading the file back. The muxer never seeks (the writer has no `seek`), so the
bytes hashed are exactly the bytes in the file.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from fractions import Fraction
from pathlib import Path
from typing import Any

import av

from controlroom.textutil import safe_filename
from controlroom.video.audio import AudioTrack

MOVFLAGS = "+frag_keyframe+empty_moov+default_base_moof"
MAX_FRAGMENT_S = 2.0
# max_interleave_delta: a camera whose sound stops must not hold its pictures back in the
# muxer's interleaving queue (FFmpeg's default waits up to 10 s for the other track).
MUXER_OPTIONS = {"movflags": MOVFLAGS, "frag_duration": str(int(MAX_FRAGMENT_S * 1_000_000)),
                 "max_interleave_delta": "1000000"}
SYNC_EVERY_S = 10.0


def segment_relpath(camera_code: str, stream: str, start: datetime) -> str:
    """`<safe code>/<YYYY-MM-DD UTC>/<code>-<stream>-<YYYYmmddTHHMMSSZ>.mp4` (the recording
    contract in docs/DEVELOPING.md)."""
    code = safe_filename(camera_code, "camera")
    return (f"{code}/{start.strftime('%Y-%m-%d')}/"
            f"{code}-{stream}-{start.strftime('%Y%m%dT%H%M%SZ')}.mp4")


def fsync_dir(path: Path) -> None:
    """Make a new directory entry durable (no-op where directories cannot be opened)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


class HashingWriter:
    """A write-only, non-seekable file object for the muxer: raw fd writes plus SHA-256.

    A failed write (ENOSPC, EIO) is remembered and re-raised by `check()`, because the
    muxer turns Python exceptions into a generic FFmpeg error."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.fd: int | None = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        self.sha = hashlib.sha256()
        self.size = 0
        self.error: OSError | None = None
        self._last_sync = time.monotonic()

    def write(self, data: Any) -> int:
        if self.fd is None:
            raise OSError(errno.EBADF, "segment file closed")
        if self.error is not None:
            raise self.error
        view = memoryview(data).cast("B")
        total = len(view)
        try:
            while view:
                n = os.write(self.fd, view)
                self.sha.update(view[:n])
                self.size += n
                view = view[n:]
        except OSError as e:
            self.error = e
            raise
        return total

    def check(self) -> None:
        if self.error is not None:
            raise self.error

    def maybe_sync(self) -> None:
        """Bound what a power cut can take from an open segment to ~SYNC_EVERY_S."""
        if self.fd is not None and time.monotonic() - self._last_sync > SYNC_EVERY_S:
            self._last_sync = time.monotonic()
            with contextlib.suppress(OSError, AttributeError):
                os.fdatasync(self.fd)

    def detach(self) -> int:
        """Hand the descriptor to whoever fsyncs and closes it."""
        fd, self.fd = self.fd, None
        if fd is None:
            raise OSError(errno.EBADF, "segment file already detached")
        return fd


@dataclass
class SegmentResult:
    relpath: str
    start_utc: datetime
    end_utc: datetime
    duration_s: float
    bytes: int
    sha256: str
    packets: int
    fd: int  # still open: the index writer fsyncs it, fsyncs the directory, closes it
    error: OSError | None = None  # set when the file ended early (disk full, I/O error)


class SegmentWriter:
    """One open segment. Packets go in with their wall-clock time; `close()` returns the
    facts for the index. Timestamps in the file start at 0."""

    def __init__(self, root: Path, relpath: str, template: av.video.stream.VideoStream,
                 start_utc: datetime, audio: AudioTrack | None = None) -> None:
        self.root = root
        self.relpath = relpath
        self.path = root / relpath
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.writer = HashingWriter(self.path)
        try:
            self.out = av.open(self.writer, "w", format="mp4",
                               options=MUXER_OPTIONS)
            self.stream = self.out.add_stream_from_template(template)
            # The muxer reads the packet's stream index, not its Python stream object:
            # when the input index is already the output's (0), skip the per-packet set.
            self._set_stream = template.index != self.stream.index
            self.audio_stream: Any = None
            if audio is not None and audio.mode == "copy":
                self.audio_stream = self.out.add_stream_from_template(audio.stream)
            elif audio is not None and audio.mode == "aac":
                self.audio_stream = self.out.add_stream("aac", rate=audio.rate,
                                                        layout=audio.layout)
        except BaseException:
            os.close(self.writer.detach())
            raise
        self.start_utc = start_utc
        # Float POSIX seconds in the per-packet path; datetimes only at open/close.
        self.start_ts = start_utc.timestamp()
        self.end_ts = self.start_ts
        self.first_ts = self.start_ts  # first frame's time, by the latest clock estimate
        self.time_base: Fraction = template.time_base or Fraction(1, 90000)
        self._tb = float(self.time_base)
        self.first_dts: int | None = None
        self.packets = 0
        self.codec = template.codec_context.name
        self.audio = audio
        self.audio_codec = audio.codec if self.audio_stream is not None and audio else ""
        self.audio_rate = audio.rate if audio is not None else 0
        self._audio_zero: int | None = None  # audio pts (samples) at the first video frame
        self._audio_last = -1
        self.audio_packets = 0
        self.audio_errors = 0
        self.width = int(template.codec_context.width or 0)
        self.height = int(template.codec_context.height or 0)

    @property
    def end_utc(self) -> datetime:
        """Time of the last frame plus its duration (the start while empty)."""
        if not self.packets:
            return self.start_utc
        return datetime.fromtimestamp(self.end_ts, UTC)

    @property
    def first_frame_utc(self) -> datetime:
        """The first frame's time by the latest clock estimate (see `write_ts`)."""
        if not self.packets or self.first_ts >= self.start_ts:
            return self.start_utc
        return datetime.fromtimestamp(self.first_ts, UTC)

    def write(self, packet: av.Packet, wall: datetime, frame_s: float) -> None:
        """Mux one packet (stream copy). `wall` is its wall-clock time, `frame_s` the
        duration to assume when the packet carries none."""
        self.write_ts(packet, wall.timestamp(), frame_s)

    def write_ts(self, packet: av.Packet, wall_ts: float, frame_s: float) -> None:
        """`write` with the wall-clock time in POSIX seconds (the recorder's hot path)."""
        dts = packet.dts
        assert dts is not None
        first = self.first_dts
        if first is None:
            first = self.first_dts = dts
        rel = dts - first
        pts = packet.pts
        packet.dts = rel
        packet.pts = rel if pts is None else pts - first
        if self._set_stream:
            packet.stream = self.stream
        writer = self.writer
        try:
            self.out.mux(packet)
        except (av.FFmpegError, OSError):
            writer.check()  # the real cause (ENOSPC…) when it was the file
            raise
        if writer.error is not None:
            raise writer.error
        self.packets += 1
        tb = self._tb
        # Each packet's wall time implies when the first frame was taken. The packet
        # clock only ever moves earlier while a connection lasts (the first packets carry
        # the set-up delay), so the earliest implication is the best start estimate.
        implied = wall_ts - rel * tb
        if implied < self.first_ts:
            self.first_ts = implied
        duration = packet.duration
        end = wall_ts + (duration * tb if duration else frame_s)
        if end > self.end_ts:
            self.end_ts = end
        if packet.is_keyframe:  # the file grows by whole fragments, one per GOP
            writer.maybe_sync()

    def write_audio(self, packet: av.Packet) -> None:
        """Mux one audio packet (pts in samples on the demuxer's timeline, as
        `AudioTrack.feed` returns them) at its place on this segment's video timeline.
        Audio from before the segment's first video frame belongs to the previous one."""
        if self.audio_stream is None or self.first_dts is None or packet.pts is None:
            return
        if self._audio_zero is None:
            self._audio_zero = round(self.first_dts * self._tb * self.audio_rate)
        pos = packet.pts - self._audio_zero
        if pos < 0 or pos <= self._audio_last:
            return
        self._audio_last = pos
        packet.pts = packet.dts = pos
        packet.stream = self.audio_stream
        try:
            self.out.mux(packet)
        except av.FFmpegError:
            self.writer.check()
            self.audio_errors += 1  # dropped: the picture is what a segment is for
            return
        if self.writer.error is not None:
            raise self.writer.error
        self.audio_packets += 1

    def close(self) -> SegmentResult:
        """Finish the file (trailer) and hand over the descriptor. Never raises for a
        write error: the result carries it and the file holds what could be written."""
        error: OSError | None = self.writer.error
        if self.audio is not None and error is None:
            with contextlib.suppress(OSError):
                for p in self.audio.flush():  # its last samples belong to this segment
                    self.write_audio(p)
            error = self.writer.error
        try:
            self.out.close()
        except (av.FFmpegError, OSError) as e:
            error = self.writer.error or (e if isinstance(e, OSError) else
                                          OSError(errno.EIO, str(e)))
        fd = self.writer.detach()
        start_utc, end_utc = self.first_frame_utc, self.end_utc
        return SegmentResult(self.relpath, start_utc, end_utc,
                             max(0.0, (end_utc - start_utc).total_seconds()),
                             self.writer.size, self.writer.sha.hexdigest(), self.packets, fd,
                             error)
