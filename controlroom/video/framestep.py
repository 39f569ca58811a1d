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

Stepping back, the GOP before the run can be decoded ahead on a worker thread
(`prefetch`, which playback calls after each step back), so a held key finds it decoded
instead of pausing once per GOP; the step that needs it takes it over (waiting for the
worker if it is still at it).

`opens`/`decoded` count decoder opens and pictures decoded on the caller's thread (what a
step costs), `ahead_opens`/`ahead_decoded` those on the worker (tests and diagnostics).
One stepper per playback pane, called from one thread. `close()` drops everything (on
play, on pane close). Memory: the run and the look-ahead, each at most `max_bytes`.
"""

from __future__ import annotations

import bisect
import contextlib
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import av

from controlroom.video.segment_list import (
    Picture,
    keyframe_at_or_before,
    keyframes,
    next_frame_time,
    to_picture,
)

# Decoded pictures kept per pane: 96 MiB is 30 pictures at 1920x1080 (YUV 4:2:0), more
# than a camera's usual GOP (1-2 s at 12-25 fps); 200+ at 640x360.
MAX_BYTES = 96 * 1024 * 1024
TOL_S = 1e-3


# One worker for every pane: a look-ahead is a burst of decoding on a 2-core desk.
_AHEAD = ThreadPoolExecutor(max_workers=1, thread_name_prefix="framestep")


def _frame_bytes(frame: av.VideoFrame) -> int:
    return sum(int(p.buffer_size) for p in frame.planes)


def _open_at(path: str, kf: float) -> tuple[Any, Any, int, float]:
    """The file opened and its video stream's demuxer put on the keyframe at `kf` s."""
    container = av.open(path)
    try:
        stream = container.streams.video[0]
        base = stream.start_time or 0
        tb = float(stream.time_base or 0)
        container.seek(int(kf / tb) + base, stream=stream, backward=True, any_frame=False)
    except BaseException:
        container.close()
        raise
    return container, stream, base, tb


class _Ahead:
    """A GOP being decoded on the worker: from its keyframe `kf` up to `until` s."""

    def __init__(self, path: str, kf: float, until: float, future: Future[Any]) -> None:
        self.path, self.kf, self.until, self.future = path, kf, until, future

    def covers(self, path: str, t: float) -> bool:
        return path == self.path and self.kf - TOL_S <= t <= self.until + TOL_S


class FrameStepper:
    """The pictures of one file around the frame-stepped position."""

    def __init__(self, max_bytes: int = MAX_BYTES) -> None:
        self.max_bytes = max_bytes
        self.opens = 0  # files opened to decode on the caller's thread
        self.decoded = 0  # pictures decoded on the caller's thread
        self.ahead_opens = 0  # the same on the worker (look-ahead stepping back)
        self.ahead_decoded = 0
        self._ahead: _Ahead | None = None
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

    def run_start(self) -> tuple[Path, float] | None:
        """The file and time of the earliest picture decoded and kept."""
        return (Path(self._path), self._times[0]) if self._path and self._times else None

    def prefetch(self, path: Path, t: float) -> None:
        """Decode, on the worker, the pictures from the keyframe at or before `t` up to
        `t` (the GOP a step back will enter next); nothing when already decoded or under
        way."""
        p = str(path)
        if (self._ahead is not None and self._ahead.covers(p, t)) or self.cached(path, t):
            return
        self._drop_ahead()
        kf = keyframe_at_or_before(path, t)
        self._ahead = _Ahead(p, kf, t, _AHEAD.submit(self._decode_ahead, p, kf, t))

    def settle(self) -> None:
        """Wait for the look-ahead under way (tests)."""
        if self._ahead is not None:
            with contextlib.suppress(Exception):
                self._ahead.future.result()

    def close(self) -> None:
        self._drop_run()
        self._drop_ahead()

    def _drop_ahead(self) -> None:
        if self._ahead is not None:
            self._ahead.future.cancel()  # one running finishes, and is dropped
            self._ahead = None

    def _drop_run(self) -> None:
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
        if p == self._path:
            hit = self._lookup(t)
            if hit is not None:
                return hit
        if self._ahead is not None and self._ahead.covers(p, t):
            return self._take_ahead(p, t)
        if p != self._path:
            self._drop_run()
            self._path = p
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

    def _decode_ahead(self, path: str, kf: float, until: float
                      ) -> tuple[list[float], list[av.VideoFrame]]:
        """On the worker: the pictures from `kf` to `until`, the last `max_bytes` of them."""
        container, stream, base, tb = _open_at(path, kf)
        self.ahead_opens += 1
        times: list[float] = []
        frames: list[av.VideoFrame] = []
        size = 0
        try:
            for frame in container.decode(stream):
                if frame.pts is None:
                    continue
                self.ahead_decoded += 1
                ft = float((frame.pts - base) * tb)
                if ft > until + TOL_S:
                    break
                times.append(ft)
                frames.append(frame)
                size += _frame_bytes(frame)
                while size > self.max_bytes and len(frames) > 2:
                    times.pop(0)
                    size -= _frame_bytes(frames.pop(0))
                if ft >= until - TOL_S:
                    break
        finally:
            container.close()
        return times, frames

    def _take_ahead(self, path: str, t: float) -> av.VideoFrame | None:
        """The look-ahead becomes the run (joined to the run when they touch: the run's
        decoder then goes on where it was)."""
        ahead = self._ahead
        assert ahead is not None
        self._ahead = None
        times, frames = ahead.future.result()  # waits if the worker is still at it
        if not times:
            return None
        joined = (path == self._path and bool(self._times)
                  and self._times[0] > times[-1] + TOL_S
                  and next_frame_time(Path(path), times[-1]) is not None
                  and abs((next_frame_time(Path(path), times[-1]) or 0) - self._times[0])
                  <= TOL_S)
        if joined:
            self._times = times + self._times
            self._run = frames + self._run
            self._bytes = sum(_frame_bytes(f) for f in self._run)
            while self._bytes > self.max_bytes and len(self._run) > len(frames):
                self._times.pop()  # the newest go: stepping back, they are furthest
                self._bytes -= _frame_bytes(self._run.pop())
                if self._frames is not None:
                    self._frames = None  # the decoder is no longer at the run's end
                    with contextlib.suppress(av.error.FFmpegError):
                        self._container.close()
                    self._container = None
        else:
            self._drop_run()
            self._path = path
            self._times, self._run = list(times), list(frames)
            self._bytes = sum(_frame_bytes(f) for f in frames)
        return self._lookup(t)

    def _open(self, path: str, kf: float) -> None:
        self._drop_run()
        self._path = path
        self._container, stream, self._base, self._tb = _open_at(path, kf)
        self.opens += 1
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
