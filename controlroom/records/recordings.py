"""Reading the segment index: which segments cover a range, where the gaps are.

The recorder (controlroom.video) writes the index; playback, export and reports read it
through these functions.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from controlroom.records.models import Gap, Segment

PLAYABLE = ("open", "closed")


@dataclass(frozen=True)
class Span:
    start: datetime
    end: datetime
    kind: str  # 'recorded' or 'gap'
    reason: str = ""  # gap reason (offline, auth_failed, …) or 'unknown'


def segments_in_range(session: Session, camera_id: int, start: datetime, end: datetime,
                      stream: str = "main", states: tuple[str, ...] = PLAYABLE) -> list[Segment]:
    """Segments that overlap [start, end), oldest first."""
    q = (select(Segment)
         .where(Segment.camera_id == camera_id, Segment.stream == stream,
                Segment.state.in_(states), Segment.start_utc < end, Segment.end_utc > start)
         .order_by(Segment.start_utc))
    return list(session.scalars(q))


def gaps_in_range(session: Session, camera_id: int, start: datetime, end: datetime,
                  stream: str = "main") -> list[Gap]:
    q = (select(Gap)
         .where(Gap.camera_id == camera_id, Gap.stream == stream, Gap.start_utc < end,
                or_(Gap.end_utc.is_(None), Gap.end_utc > start))
         .order_by(Gap.start_utc))
    return list(session.scalars(q))


def coverage(session: Session, camera_id: int, start: datetime, end: datetime,
             stream: str = "main", tolerance_s: float = 2.0) -> list[Span]:
    """The range split into recorded spans and gaps. A hole between segments longer than
    `tolerance_s` is a gap; its reason comes from the gap rows when one overlaps."""
    segs = segments_in_range(session, camera_id, start, end, stream)
    gap_rows = gaps_in_range(session, camera_id, start, end, stream)
    spans: list[Span] = []
    cursor = start

    def add_gap(a: datetime, b: datetime) -> None:
        if (b - a).total_seconds() <= tolerance_s:
            return
        reason = next((g.reason for g in gap_rows
                       if g.start_utc < b and (g.end_utc is None or g.end_utc > a)), "unknown")
        spans.append(Span(a, b, "gap", reason))

    for seg in segs:
        s, e = max(seg.start_utc, start), min(seg.end_utc, end)
        if s > cursor:
            add_gap(cursor, s)
        joins = spans and spans[-1].kind == "recorded"
        if joins and (s - spans[-1].end).total_seconds() <= tolerance_s:
            spans[-1] = Span(spans[-1].start, max(e, spans[-1].end), "recorded")
        else:
            spans.append(Span(max(s, cursor) if s < cursor else s, e, "recorded"))
        cursor = max(cursor, e)
    if cursor < end:
        add_gap(cursor, end)
    return spans


def recorded_seconds(spans: list[Span]) -> float:
    return sum((s.end - s.start).total_seconds() for s in spans if s.kind == "recorded")

