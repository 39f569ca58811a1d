"""Frame step pictures, decoded once per GOP (playback's next/previous frame). No Qt.

A picture that is not a keyframe can only be decoded from the keyframe before it. Decoding
from the keyframe on every step (`segment_list.decode_picture`) costs a GOP's worth of
decoding per key press, which stutters when the key is held. A `FrameStepper` keeps:

- the decoder open where it stopped, so the next step forward decodes one picture (and
  goes on across keyframes without opening the file again);
- the pictures it decoded last (a contiguous run, oldest dropped first beyond
  `max_bytes`, as decoded YUV frames: RGB is made only for the picture shown), so steps
  back inside that run decode nothing. A step back before the run opens the file at the
  keyframe at or before the target and decodes up to it: once per GOP when stepping back.

`opens` counts decoder opens (tests and diagnostics). One stepper per playback pane; it
is used from one thread only. `close()` drops everything (on play, on pane close).
"""

from __future__ import annotations

import bisect
import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import av

from controlroom.video.segment_list import (
    Picture,
    keyframe_at_or_before,
    keyframes,
    to_picture,
)

# Decoded pictures kept per pane: 96 MiB is 30 pictures at 1920x1080 (YUV 4:2:0), more
# than a camera's usual GOP (1-2 s at 12-25 fps); 200+ at 640x360.
MAX_BYTES = 96 * 1024 * 1024
TOL_S = 1e-3


def _frame_bytes(frame: av.VideoFrame) -> int:
    return sum(int(p.buffer_size) for p in frame.planes)


class FrameStepper:
    """The pictures of one file around the frame-stepped position."""

    def __init__(self, max_bytes: int = MAX_BYTES) -> None:
        self.max_bytes = max_bytes
        self.opens = 0  # files opened to decode (one per GOP stepped back into)
        self.decoded = 0  # pictures decoded
        self._path: str | None = None
        self._container: Any = None
        self._frames: Iterator[Any] | None = None
        self._base = 0
        self._tb = 0.0
        self._times: list[float] = []  # the run of decoded pictures, ascending
        self._run: list[av.VideoFrame] = []
        self._bytes = 0

    # -- public -------------------------------------------------------------------------
    def picture(self, path: Path, t: float) -> Picture | None:
        """The picture shown at `t` s in the file (the one at `t`, or the last before it),
        None when the file cannot be read or holds no picture there."""
        try:
            frame = self._frame(path, t)
        except (OSError, av.error.FFmpegError):
            self.close()
            return None
        return None if frame is None else to_picture(frame)

    def cached(self, path: Path, t: float) -> bool:
        """Whether the picture at `t` is already decoded (no decoding needed)."""
        return self._path == str(path) and self._lookup(t) is not None

    def close(self) -> None:
        if self._container is not None:
            with contextlib.suppress(av.error.FFmpegError):
                self._container.close()
        self._container = self._frames = None
        self._path = None
        self._times, self._run, self._bytes = [], [], 0

    # -- inside -------------------------------------------------------------------------
    def _lookup(self, t: float) -> av.VideoFrame | None:
        i = bisect.bisect_right(self._times, t + TOL_S) - 1
        if i < 0:
            return None
        if abs(self._times[i] - t) <= TOL_S or i + 1 < len(self._times):
            return self._run[i]  # exact, or between two decoded pictures: the earlier
        return None

    def _frame(self, path: Path, t: float) -> av.VideoFrame | None:
        p = str(path)
        if p != self._path:
            self.close()
            self._path = p
        hit = self._lookup(t)
        if hit is not None:
            return hit
        kf = keyframe_at_or_before(path, t)
        going_on = False
        if self._frames is not None and self._times and self._times[-1] < t:
            # on from where the decoder stopped, unless a later keyframe is nearer
            reached = self._times[-1]
            going_on = kf <= keyframe_at_or_before(path, reached) + TOL_S or all(
                not (reached + TOL_S < k < kf - TOL_S) for k in keyframes(path))
        if not going_on:  # before the run, or far after it
            self._open(p, kf)
        return self._decode_to(t)

    def _open(self, path: str, kf: float) -> None:
        self.close()
        self._path = path
        self._container = av.open(path)
        self.opens += 1
        stream = self._container.streams.video[0]
        self._base = stream.start_time or 0
        self._tb = float(stream.time_base or 0)
        self._container.seek(int(kf / self._tb) + self._base, stream=stream,
                             backward=True, any_frame=False)
        self._frames = iter(self._container.decode(stream))

    def _decode_to(self, t: float) -> av.VideoFrame | None:
        assert self._frames is not None
        for frame in self._frames:
            if frame.pts is None:
                continue
            self.decoded += 1
            ft = float((frame.pts - self._base) * self._tb)
            if self._times and ft <= self._times[-1]:
                continue  # not after the run (a seek landing early): already there
            self._keep(ft, frame)
            if ft >= t - TOL_S:
                return self._lookup(t) if ft > t + TOL_S else frame
        self._frames = None  # end of the file (as it was when read)
        return self._run[-1] if self._run and self._times[-1] <= t + TOL_S else None

    def _keep(self, ft: float, frame: av.VideoFrame) -> None:
        self._times.append(ft)
        self._run.append(frame)
        self._bytes += _frame_bytes(frame)
        while self._bytes > self.max_bytes and len(self._run) > 2:
            self._times.pop(0)
            self._bytes -= _frame_bytes(self._run.pop(0))
