"""Writing the segment index: segment rows, gap rows, health events, and uptime.

The recorder (controlroom.video) is the only writer of these rows. Each function runs in
the caller's transaction. The read side for playback and export is `records.recordings`.

Invariants (see docs/recorder.md):
- a segment row is inserted as state "open" when its file is created, so a crash always
  leaves a row that start-up recovery can finish;
- a segment becomes "closed" only after its file and directory were fsynced, with the
  SHA-256 and size of the final file;
- at most one gap per camera and stream is open (end_utc NULL) at a time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from controlroom.records.models import GAP_REASONS, HEALTH_STATES, Gap, HealthEvent, Segment
from controlroom.timeutil import as_utc

UP_STATES = ("online", "recording")


@dataclass(frozen=True)
class SegmentFacts:
    """What the recorder knows about a finished file."""

    end_utc: datetime
    duration_s: float
    bytes: int
    sha256: str
    state: str = "closed"
    # The first frame's time as the recorder knows it at close. The estimate made when
    # the file was opened can be late: the first packets after a connection carry its
    # set-up delay, and the packet clock learns that only from the packets that follow.
    start_utc: datetime | None = None


def open_segment(session: Session, camera_id: int, stream: str, path: str, start: datetime,
                 codec: str = "", width: int = 0, height: int = 0,
                 audio_codec: str = "") -> Segment:
    """Index a segment the moment its file is created (state "open")."""
    seg = Segment(camera_id=camera_id, stream=stream, path=path, start_utc=start,
                  end_utc=start, duration_s=0.0, bytes=0, codec=codec, width=width,
                  height=height, sha256="", state="open", audio_codec=audio_codec)
    session.add(seg)
    session.flush()
    return seg


def close_segment(session: Session, path: str, facts: SegmentFacts) -> bool:
    """Record the final facts of a segment. Returns False when no row has that path."""
    seg = session.scalar(select(Segment).where(Segment.path == path))
    if seg is None:
        return False
    if facts.start_utc is not None and as_utc(facts.start_utc) < as_utc(seg.start_utc):
        _move_start_back(session, seg, as_utc(facts.start_utc))
    seg.end_utc = max(facts.end_utc, seg.start_utc)
    seg.duration_s = facts.duration_s
    seg.bytes = facts.bytes
    seg.sha256 = facts.sha256
    seg.state = facts.state
    return True


def _move_start_back(session: Session, seg: Segment, start: datetime) -> None:
    """Move a segment's start to the earlier `start`, never over the footage or gap
    before it: the gap that ended at the old start now ends at the new one, so segments
    and gaps still tile the timeline without overlap."""
    old = as_utc(seg.start_utc)
    before = session.scalar(
        select(func.max(Segment.end_utc)).where(
            Segment.camera_id == seg.camera_id, Segment.stream == seg.stream,
            Segment.id != seg.id, Segment.start_utc < old))
    if before is not None:
        start = max(start, as_utc(before))
    gaps = list(session.scalars(select(Gap).where(
        Gap.camera_id == seg.camera_id, Gap.stream == seg.stream, Gap.end_utc == old)))
    for gap in gaps:
        start = max(start, as_utc(gap.start_utc))
    for gap in gaps:
        gap.end_utc = start
    seg.start_utc = min(start, old)


def drop_segment(session: Session, path: str) -> None:
    """Remove the row of a segment whose file held no playable frame (a stub the disk
    filled up under); the gap row around it says why nothing was recorded."""
    session.execute(delete(Segment).where(Segment.path == path, Segment.bytes == 0))


def add_closed_segment(session: Session, camera_id: int, stream: str, path: str,
                       start: datetime, facts: SegmentFacts, codec: str = "",
                       width: int = 0, height: int = 0) -> Segment:
    """Index a whole file at once (start-up recovery of an orphan file)."""
    seg = open_segment(session, camera_id, stream, path, start, codec, width, height)
    close_segment(session, path, facts)
    return seg


def open_gap(session: Session, camera_id: int, stream: str, start: datetime, reason: str,
             detail: str = "") -> Gap:
    """Open a gap unless one is already open for this camera and stream (then keep the
    older one: the footage stopped at its start, whatever happened next)."""
    if reason not in GAP_REASONS:
        raise ValueError(f"unknown gap reason {reason!r}")
    existing = open_gap_row(session, camera_id, stream)
    if existing is not None:
        return existing
    gap = Gap(camera_id=camera_id, stream=stream, start_utc=start, end_utc=None,
              reason=reason, detail=detail[:2000])
    session.add(gap)
    session.flush()
    return gap


def open_gap_row(session: Session, camera_id: int, stream: str) -> Gap | None:
    return session.scalar(select(Gap).where(Gap.camera_id == camera_id, Gap.stream == stream,
                                            Gap.end_utc.is_(None)).order_by(Gap.start_utc))


def close_gaps(session: Session, camera_id: int, stream: str, end: datetime) -> int:
    """Close every open gap of this camera and stream at `end` (footage resumed)."""
    n = 0
    for gap in session.scalars(select(Gap).where(Gap.camera_id == camera_id,
                                                 Gap.stream == stream,
                                                 Gap.end_utc.is_(None))):
        gap.end_utc = max(as_utc(end), gap.start_utc)
        n += 1
    return n


def health_event(session: Session, camera_id: int, state: str, ts: datetime,
                 detail: str = "") -> HealthEvent:
    if state not in HEALTH_STATES:
        raise ValueError(f"unknown health state {state!r}")
    ev = HealthEvent(camera_id=camera_id, ts=ts, state=state, detail=detail[:2000])
    session.add(ev)
    session.flush()
    return ev


def last_segment_end(session: Session, camera_id: int, stream: str = "main") -> datetime | None:
    return session.scalar(select(func.max(Segment.end_utc))
                          .where(Segment.camera_id == camera_id, Segment.stream == stream,
                                 Segment.state.in_(("open", "closed"))))


def mark_missing(session: Session, paths: list[str]) -> int:
    if not paths:
        return 0
    n = 0
    for i in range(0, len(paths), 500):
        res = session.execute(update(Segment).where(Segment.path.in_(paths[i:i + 500]))
                              .values(state="missing"))
        n += int(getattr(res, "rowcount", 0) or 0)
    return n


@dataclass(frozen=True)
class Uptime:
    up_s: float
    total_s: float
    by_state: dict[str, float]

    @property
    def fraction(self) -> float:
        return self.up_s / self.total_s if self.total_s > 0 else 0.0


def uptime(session: Session, camera_id: int, start: datetime, end: datetime) -> Uptime:
    """Seconds of [start, end) the camera was online or recording, from health events.

    The state in force at `start` is the last event before it; time before a camera's
    first event counts as "unknown" (not up). Time after the newest event counts in that
    event's state up to `end` (capped at the newest known moment: now is the caller's
    business — pass end=utcnow() for "so far")."""
    start, end = as_utc(start), as_utc(end)
    total = max((end - start).total_seconds(), 0.0)
    by_state: dict[str, float] = {}
    if total == 0:
        return Uptime(0.0, 0.0, by_state)
    before = session.scalar(select(HealthEvent)
                            .where(HealthEvent.camera_id == camera_id, HealthEvent.ts <= start)
                            .order_by(HealthEvent.ts.desc(), HealthEvent.id.desc()).limit(1))
    events = list(session.scalars(select(HealthEvent)
                                  .where(HealthEvent.camera_id == camera_id,
                                         HealthEvent.ts > start, HealthEvent.ts < end)
                                  .order_by(HealthEvent.ts, HealthEvent.id)))
    state = before.state if before is not None else "unknown"
    cursor = start
    for ev in events:
        by_state[state] = by_state.get(state, 0.0) + (ev.ts - cursor).total_seconds()
        cursor, state = ev.ts, ev.state
    by_state[state] = by_state.get(state, 0.0) + (end - cursor).total_seconds()
    up = sum(v for k, v in by_state.items() if k in UP_STATES)
    return Uptime(up, total, by_state)
