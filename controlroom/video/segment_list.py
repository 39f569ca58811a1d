"""Which recorded file holds a moment, for playback: a live view of the segment index.

Playback asks "which file holds time t?" five times a second per camera, so the answer
comes from a list read once around t, not from a query per tick. The list must still
follow the recorder while the officer watches:

- a segment still being written (state "open") has `end_utc == start_utc` in the index
  until it is closed; its footage really reaches as far as the file has been written, so
  its end here is the file's last write time (never later than now);
- the recorder opens a new file every minute: a time the list does not cover, later
  than what it knows or read more than `max_age_s` ago, makes it read the index again
  (at most once per `max_age_s`, so a real gap does not query on every tick).

Also here: keyframe times of a file (seeks go to the keyframe at or before the target,
since libVLC's MP4 demuxer decodes garbage from a non-keyframe) and the moment playback
opens at (the newest footage, not a fixed time back). No Qt.
"""

from __future__ import annotations

import bisect
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from pathlib import Path

import av
from sqlalchemy import func, or_, select

from controlroom.records.db import Database
from controlroom.records.models import Segment
from controlroom.records.recordings import PLAYABLE, Span, coverage, segments_in_range
from controlroom.timeutil import utcnow

# Segments are read from the index in windows this wide around the time asked for.
INDEX_WINDOW = timedelta(hours=3)
# How stale the list may be before a lookup that misses reads the index again.
MAX_AGE_S = 1.0
# Playback opens this far before the newest recorded moment (something to watch at once).
OPEN_LEAD = timedelta(seconds=20)


@dataclass(frozen=True)
class SegmentRef:
    id: int
    start: datetime
    end: datetime
    path: Path
    open: bool = False  # still being written: `end` is where the file has got to


def _written_until(path: Path, start: datetime, now: datetime) -> datetime:
    """How far a file still being written reaches: its last write, at most now."""
    try:
        mtime = datetime.fromtimestamp(path.stat().st_mtime, UTC)
    except OSError:
        return start
    return max(start, min(mtime, now))


class SegmentList:
    """The segments of one camera's stream around the times asked for, kept current."""

    def __init__(self, db: Database, recordings: Path, camera_id: int, stream: str = "main",
                 *, window: timedelta = INDEX_WINDOW, max_age_s: float = MAX_AGE_S,
                 clock: Callable[[], float] = time.monotonic,
                 now: Callable[[], datetime] = utcnow) -> None:
        self.db, self.recordings = db, recordings
        self.camera_id, self.stream = camera_id, stream
        self.window, self.max_age_s = window, max_age_s
        self._clock, self._now = clock, now
        self._rows: list[SegmentRef] = []
        self._span: tuple[datetime, datetime] | None = None
        self._read_at = float("-inf")
        self.reads = 0  # how many times the index was read (tests, diagnostics)

    # -- reading -----------------------------------------------------------------------
    def refresh(self, t: datetime) -> None:
        start, end = t - self.window, t + self.window
        with self.db.read() as s:
            rows = segments_in_range(s, self.camera_id, start - timedelta(minutes=15), end,
                                     self.stream)
            self._rows = [SegmentRef(r.id, r.start_utc, r.end_utc,
                                     self.recordings / r.path, r.state == "open")
                          for r in rows if r.end_utc > start or r.state == "open"]
        self._span = (start, end)
        self._read_at = self._clock()
        self.reads += 1

    def _fresh_enough(self) -> bool:
        return self._clock() - self._read_at < self.max_age_s

    def _ensure(self, t: datetime) -> None:
        span = self._span
        if span is None or not (span[0] + self.window / 3 <= t <= span[1] - self.window / 3):
            self.refresh(t)

    def segments(self) -> list[SegmentRef]:
        """The list as it stands, open segments with their current end."""
        now = self._now()
        return [SegmentRef(r.id, r.start, _written_until(r.path, r.start, now), r.path, True)
                if r.open else r for r in self._rows]

    # -- questions ---------------------------------------------------------------------
    def _find(self, t: datetime) -> SegmentRef | None:
        for seg in self.segments():
            if seg.start <= t < seg.end:
                return seg
        return None

    def at(self, t: datetime) -> SegmentRef | None:
        """The segment holding `t`, or None. A miss reads the index again unless it was
        read less than `max_age_s` ago (new files, a closed file's final end)."""
        self._ensure(t)
        seg = self._find(t)
        if seg is None and not self._fresh_enough():
            self.refresh(t)
            seg = self._find(t)
        return seg

    def next_start_after(self, t: datetime) -> datetime | None:
        self._ensure(t)
        later = [s.start for s in self.segments() if s.start > t]
        if not later and not self._fresh_enough():
            self.refresh(t)
            later = [s.start for s in self.segments() if s.start > t]
        return min(later) if later else None

    def before(self, t: datetime) -> SegmentRef | None:
        """The latest segment starting before `t` and ending at or before it (the file
        before the one starting at `t`), or None."""
        self._ensure(t)
        earlier = [s for s in self.segments()
                   if s.start < t and s.end <= t + timedelta(seconds=1)]
        if not earlier and not self._fresh_enough():
            self.refresh(t)
            earlier = [s for s in self.segments()
                       if s.start < t and s.end <= t + timedelta(seconds=1)]
        return max(earlier, key=lambda s: s.start) if earlier else None

    def get(self, segment_id: int) -> SegmentRef | None:
        """The current view of a segment already in the list (its end may have grown)."""
        return next((s for s in self.segments() if s.id == segment_id), None)


def newest_footage(db: Database, recordings: Path, camera_ids: list[int],
                   stream: str = "main") -> datetime | None:
    """The latest recorded moment of any of these cameras (an open file counts as far as
    it is written), or None when none has recorded anything yet."""
    if not camera_ids:
        return None
    now = utcnow()
    with db.read() as s:
        closed = s.scalar(select(func.max(Segment.end_utc)).where(
            Segment.camera_id.in_(camera_ids), Segment.stream == stream,
            Segment.state == "closed"))
        open_rows = list(s.scalars(select(Segment).where(
            Segment.camera_id.in_(camera_ids), Segment.stream == stream,
            Segment.state == "open")))
        latest = [closed] if closed is not None else []
        latest += [_written_until(recordings / r.path, r.start_utc, now) for r in open_rows]
    return max(latest) if latest else None


def opening_time(db: Database, recordings: Path, camera_ids: list[int],
                 stream: str = "main") -> datetime | None:
    """Where playback starts for these cameras: a little before their newest footage, but
    inside recorded footage (the segment holding that moment)."""
    newest = newest_footage(db, recordings, camera_ids, stream)
    if newest is None:
        return None
    t = newest - OPEN_LEAD
    with db.read() as s:
        starts = list(s.scalars(select(Segment.start_utc).where(
            Segment.camera_id.in_(camera_ids), Segment.stream == stream,
            Segment.state.in_(PLAYABLE), Segment.start_utc <= newest,
            or_(Segment.end_utc > t, Segment.state == "open"))))
    if starts and min(starts) > t:  # footage began less than OPEN_LEAD ago
        t = min(starts)
    return t


def live_coverage(db: Database, recordings: Path, camera_id: int, start: datetime,
                  end: datetime, stream: str = "main", tolerance_s: float = 2.0) -> list[Span]:
    """`records.recordings.coverage` with files still being written counted as far as
    they are written (the index gives them no length until they close)."""
    now = utcnow()
    with db.read() as s:
        spans = coverage(s, camera_id, start, end, stream, tolerance_s)
        opens = [(max(r.start_utc, start),
                  min(_written_until(recordings / r.path, r.start_utc, now), end))
                 for r in s.scalars(select(Segment).where(
                     Segment.camera_id == camera_id, Segment.stream == stream,
                     Segment.state == "open", Segment.start_utc < end))]
    opens = [(a, b) for a, b in opens if b > a]
    if not opens:
        return spans
    recorded = sorted([(x.start, x.end) for x in spans if x.kind == "recorded"] + opens)
    merged: list[tuple[datetime, datetime]] = []
    for a, b in recorded:
        if merged and (a - merged[-1][1]).total_seconds() <= tolerance_s:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    gaps = [x for x in spans if x.kind == "gap"]
    out: list[Span] = []
    cursor = start
    for a, b in merged:
        if (a - cursor).total_seconds() > tolerance_s:
            reason = next((g.reason for g in gaps if g.start < a and g.end > cursor), "unknown")
            out.append(Span(cursor, a, "gap", reason))
        out.append(Span(a, b, "recorded"))
        cursor = max(cursor, b)
    if (end - cursor).total_seconds() > tolerance_s:
        reason = next((g.reason for g in gaps if g.end > cursor), "unknown")
        out.append(Span(cursor, end, "gap", reason))
    return out


# --- keyframes ---------------------------------------------------------------------------

def _packet_times(path: str, keyframes_only: bool) -> tuple[float, ...]:
    """Times (s from the file's start, sorted) of the video packets that carry a picture,
    or of its keyframes only; read by demuxing, nothing decoded."""
    with av.open(path) as container:
        stream = container.streams.video[0]
        base = stream.start_time or 0
        tb = float(stream.time_base or 0)
        out = [float((pkt.pts - base) * tb) for pkt in container.demux(stream)
               if pkt.pts is not None and (pkt.is_keyframe if keyframes_only else pkt.size)]
    return tuple(sorted(out))


@lru_cache(maxsize=256)
def _keyframes_cached(path: str, mtime_ns: int, size: int) -> tuple[float, ...]:
    return _packet_times(path, keyframes_only=True) or (0.0,)


def keyframes(path: Path) -> tuple[float, ...]:
    """Keyframe times (s from the file's start). A segment still being written grows, so
    the cache key includes its size."""
    st = path.stat()
    return _keyframes_cached(str(path), st.st_mtime_ns, st.st_size)


def keyframe_at_or_before(path: Path, offset_s: float) -> float:
    try:
        kfs = keyframes(path)
    except (OSError, av.error.FFmpegError):
        return 0.0
    i = bisect.bisect_right(kfs, offset_s + 1e-3) - 1
    return kfs[max(0, i)]


# --- single frames (frame step) -------------------------------------------------------------

@lru_cache(maxsize=64)
def _frame_times_cached(path: str, mtime_ns: int, size: int) -> tuple[float, ...]:
    return _packet_times(path, keyframes_only=False)


def frame_times(path: Path) -> tuple[float, ...]:
    """Every picture's time in the file (s from the file's start), in display order."""
    st = path.stat()
    return _frame_times_cached(str(path), st.st_mtime_ns, st.st_size)


def next_frame_time(path: Path, offset_s: float) -> float | None:
    """The time of the picture after the one shown at `offset_s`; None at the file's end
    (or when the file cannot be read)."""
    try:
        times = frame_times(path)
    except (OSError, av.error.FFmpegError):
        return None
    i = bisect.bisect_right(times, offset_s + 1e-3)
    return times[i] if i < len(times) else None


def previous_frame_time(path: Path, offset_s: float) -> float | None:
    """The time of the picture before the one shown at `offset_s` (between two pictures
    the earlier one is shown); None at the file's first picture (or when the file cannot
    be read)."""
    try:
        times = frame_times(path)
    except (OSError, av.error.FFmpegError):
        return None
    shown = bisect.bisect_right(times, offset_s + 1e-3) - 1
    return times[shown - 1] if shown >= 1 else None


def last_frame_time(path: Path) -> float | None:
    """The time of the file's last picture; None when it has none or cannot be read."""
    try:
        times = frame_times(path)
    except (OSError, av.error.FFmpegError):
        return None
    return times[-1] if times else None


@dataclass(frozen=True)
class Picture:
    """One decoded picture as packed RGB24 rows (width * 3 bytes each)."""
    width: int
    height: int
    rgb: bytes


def decode_picture(path: Path, offset_s: float) -> Picture | None:
    """The picture shown at `offset_s` in the file, decoded from the keyframe at or before
    it (what a player shows when it stops exactly there). None when unreadable."""
    try:
        with av.open(str(path)) as container:
            stream = container.streams.video[0]
            base = stream.start_time or 0
            tb = float(stream.time_base or 0)
            kf = keyframe_at_or_before(path, offset_s)
            container.seek(int(kf / tb) + base, stream=stream, backward=True,
                           any_frame=False)
            last = None
            for frame in container.decode(stream):
                if frame.pts is None:
                    continue
                t = float((frame.pts - base) * tb)
                if t > offset_s + 1e-3:
                    break
                last = frame
            return None if last is None else to_picture(last)
    except (OSError, av.error.FFmpegError):
        return None


def to_picture(frame: av.VideoFrame) -> Picture:
    """A decoded frame as packed RGB24 (the rows without FFmpeg's line padding)."""
    rgb = frame.reformat(format="rgb24")
    plane = rgb.planes[0]
    raw = bytes(plane)
    if plane.line_size == rgb.width * 3:
        return Picture(rgb.width, rgb.height, raw[:rgb.width * 3 * rgb.height])
    rows = b"".join(raw[y * plane.line_size: y * plane.line_size + rgb.width * 3]
                    for y in range(rgb.height))
    return Picture(rgb.width, rgb.height, rows)
