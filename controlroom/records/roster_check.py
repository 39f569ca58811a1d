"""Independent roster checker: verifies a roster against the hard rules without the solver.

Written separately from `roster_engine` on purpose (plain pairwise comparisons of times,
no cliques, no shared helpers), so a bug in the model cannot hide itself: tests, `roster
check`, manual edits and the benchmark all judge a roster through this module.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta


@dataclass(frozen=True)
class Seat:
    """One seat of one post of one shift, and who holds it (None: uncovered)."""

    key: str  # stable id for reports (e.g. the assignment id)
    day: date
    shift_key: str
    post: str
    seat: int
    start: datetime
    end: datetime
    night: bool
    officer: int | None


@dataclass(frozen=True)
class Staff:
    id: int
    name: str
    posts: frozenset[str]
    away: tuple[tuple[datetime, datetime, str], ...] = ()


@dataclass(frozen=True)
class Violation:
    kind: str  # uncovered / gap / unqualified / on_leave / double_booking / rest / nights
    seats: tuple[str, ...]
    officer: int | None
    vi: str
    en: str


KINDS = {
    "uncovered": ("Không có người trực", "Nobody on duty"),
    "gap": ("Hở giờ trực", "Coverage gap"),
    "unqualified": ("Không có nghiệp vụ", "Not qualified"),
    "on_leave": ("Đang nghỉ", "On leave"),
    "double_booking": ("Trùng ca", "Double booking"),
    "rest": ("Không đủ giờ nghỉ", "Rest too short"),
    "nights": ("Quá số ca đêm liên tiếp", "Too many consecutive nights"),
}


def _fmt(dt: datetime) -> str:
    return dt.strftime("%d/%m %H:%M")


def check(seats: Sequence[Seat], staff: Iterable[Staff], min_rest_hours: float,
          max_consecutive_nights: int, context: Sequence[Seat] = (),
          check_gaps: bool = True) -> list[Violation]:
    """All violations. `context` seats (neighbouring months) count for rest and nights
    but are not themselves reported."""
    people = {p.id: p for p in staff}
    out: list[Violation] = []

    def name(oid: int | None) -> str:
        return people[oid].name if oid in people else str(oid)

    for s in seats:
        if s.officer is None:
            out.append(Violation("uncovered", (s.key,), None,
                                 f"{s.day:%d/%m} {s.shift_key} {s.post}: chưa có người",
                                 f"{s.day:%d/%m} {s.shift_key} {s.post}: nobody"))
            continue
        p = people.get(s.officer)
        if p is None or s.post not in p.posts:
            out.append(Violation("unqualified", (s.key,), s.officer,
                                 f"{name(s.officer)} không có nghiệp vụ «{s.post}» "
                                 f"({s.day:%d/%m} {s.shift_key})",
                                 f"{name(s.officer)} is not qualified for «{s.post}» "
                                 f"({s.day:%d/%m} {s.shift_key})"))
        if p is not None:
            for t0, t1, why in p.away:
                if t0 < s.end and s.start < t1:
                    out.append(Violation("on_leave", (s.key,), s.officer,
                                         f"{p.name} đang nghỉ ({why}) "
                                         f"{s.day:%d/%m} {s.shift_key}",
                                         f"{p.name} is away ({why}) "
                                         f"{s.day:%d/%m} {s.shift_key}"))
                    break

    if check_gaps:
        lanes: dict[tuple[str, int], list[Seat]] = defaultdict(list)
        for s in seats:
            lanes[(s.post, s.seat)].append(s)
        for (post, seat), lane in lanes.items():
            lane.sort(key=lambda s: s.start)
            for prev, nxt in zip(lane, lane[1:], strict=False):
                if nxt.start > prev.end:
                    out.append(Violation("gap", (prev.key, nxt.key), None,
                                         f"{post}#{seat + 1}: hở từ {_fmt(prev.end)} đến "
                                         f"{_fmt(nxt.start)} (UTC)",
                                         f"{post}#{seat + 1}: gap from {_fmt(prev.end)} to "
                                         f"{_fmt(nxt.start)} (UTC)"))

    rest = timedelta(hours=min_rest_hours)
    own_keys = {s.key for s in seats}
    by_officer: dict[int, list[Seat]] = defaultdict(list)
    for s in list(seats) + list(context):
        if s.officer is not None:
            by_officer[s.officer].append(s)
    for oid, mine in by_officer.items():
        mine.sort(key=lambda s: (s.start, s.key))
        for i, a in enumerate(mine):
            for b in mine[i + 1:]:
                if b.start >= a.end + rest:
                    break
                if a.key not in own_keys and b.key not in own_keys:
                    continue
                if b.start < a.end:
                    out.append(Violation("double_booking", (a.key, b.key), oid,
                                         f"{name(oid)} trực hai chỗ cùng lúc: "
                                         f"{_fmt(a.start)} {a.post} và {_fmt(b.start)} {b.post}",
                                         f"{name(oid)} is booked twice: "
                                         f"{_fmt(a.start)} {a.post} and {_fmt(b.start)} {b.post}"))
                else:
                    gap_h = (b.start - a.end).total_seconds() / 3600
                    out.append(Violation("rest", (a.key, b.key), oid,
                                         f"{name(oid)} chỉ nghỉ {gap_h:g} giờ giữa hai ca "
                                         f"(tối thiểu {min_rest_hours:g})",
                                         f"{name(oid)} rests only {gap_h:g} h between shifts "
                                         f"(minimum {min_rest_hours:g})"))
        nights = sorted({s.day for s in mine if s.night})
        run: list[date] = []
        for d in nights:
            run = run + [d] if run and (d - run[-1]).days == 1 else [d]
            if len(run) == max_consecutive_nights + 1:
                keys = tuple(s.key for s in mine if s.night and s.day in run and s.key in own_keys)
                if keys:
                    out.append(Violation("nights", keys, oid,
                                         f"{name(oid)} trực {len(run)} đêm liên tiếp "
                                         f"đến {d:%d/%m} (tối đa {max_consecutive_nights})",
                                         f"{name(oid)} works {len(run)} nights in a row "
                                         f"to {d:%d/%m} (maximum {max_consecutive_nights})"))
    return out
