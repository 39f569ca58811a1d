"""A month for 30 officers, three posts per shift (desk, on-call leader, patrol), two
12-hour shifts: time for the engine to prove its roster optimal (or the gap after the
limit), checked by the independent checker, beside what a paper roster gives — a
round-robin rota (the next qualified officer who is rested) — on the same month.

    python -m bench roster_month [--month 2027-02] [--seconds 10] [--workers 2]
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter

from controlroom.records import roster_calendar as cal
from controlroom.records import roster_check as chk
from controlroom.records import roster_engine as eng

ZONE = "Asia/Ho_Chi_Minh"


def problem(month: str, n: int = 30) -> eng.Problem:
    t = cal.template_from_json({"key": "3posts", "day_start": "07:00", "shifts": [
        {"key": "day", "name_vi": "Ca ngày", "start": "07:00", "hours": 12,
         "posts": {"desk": 1, "leader": 1, "patrol": 1}},
        {"key": "night", "name_vi": "Ca đêm", "start": "19:00", "hours": 12, "night": True,
         "posts": {"desk": 1, "leader": 1, "patrol": 1}}]})
    days = cal.month_days(month)
    hol = cal.legal_holidays(days[0], days[-1])
    slots = [eng.Slot(i, d.day, d.shift_key, d.post, d.seat, d.start, d.end, d.night,
                      d.day.weekday() >= 5, hol[d.day].weight if d.day in hol else 0, d.hours)
             for i, d in enumerate(cal.expand(t, days, ZONE))]
    people = []
    for i in range(n):
        posts = {"desk", "leader", "patrol"} if i % 3 == 0 else (
            {"desk", "patrol"} if i % 3 == 1 else {"desk"})
        people.append(eng.Person(i, f"CB{i:02d}", frozenset(posts)))
    return eng.Problem(slots, people)


def round_robin(p: eng.Problem) -> dict[int, int | None]:
    """The paper way: for each slot in time order, the next officer in the list who is
    qualified and rested."""
    rest = __import__("datetime").timedelta(hours=p.rules.min_rest_hours)
    last_end: dict[int, object] = {}
    out: dict[int, int | None] = {}
    cursor = 0
    for s in sorted(p.slots, key=lambda s: (s.start, s.post)):
        out[s.id] = None
        for k in range(len(p.people)):
            q = p.people[(cursor + k) % len(p.people)]
            end = last_end.get(q.id)
            if s.post in q.posts and (end is None or s.start >= end + rest):  # type: ignore[operator]
                out[s.id] = q.id
                last_end[q.id] = s.end
                cursor = (cursor + k + 1) % len(p.people)
                break
    return out


def spread(p: eng.Problem, a: dict[int, int | None]) -> dict[str, int]:
    by = {s.id: s for s in p.slots}
    out = {}
    for metric in ("hours", "nights", "weekends", "holidays"):
        load = Counter({q.id: 0 for q in p.people})
        for sid, pid in a.items():
            if pid is not None:
                load[pid] += by[sid].metric(metric)
        out[metric] = max(load.values()) - min(load.values())
    return out


def violations(p: eng.Problem, a: dict[int, int | None]) -> int:
    seats = [chk.Seat(str(s.id), s.day, s.shift_key, s.post, s.seat, s.start, s.end, s.night,
                      a[s.id]) for s in p.slots]
    staff = [chk.Staff(q.id, q.name, q.posts) for q in p.people]
    return len(chk.check(seats, staff, p.rules.min_rest_hours, p.rules.max_consecutive_nights))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench roster_month")
    ap.add_argument("--month", default="2027-03")
    ap.add_argument("--seconds", type=float, default=10)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--officers", type=int, default=30)
    a = ap.parse_args(argv)
    p = problem(a.month, a.officers)
    t0 = time.monotonic()
    rr = round_robin(p)
    rr_s = time.monotonic() - t0
    cpu0 = time.process_time()
    res = eng.solve(p, seconds=a.seconds, workers=a.workers)
    cpu = time.process_time() - cpu0
    gap = 0.0 if res.optimal else round(100 * (res.objective - res.bound)
                                        / max(1.0, abs(res.objective)), 2)
    print(f"month {a.month}, {a.officers} officers, {len(p.slots)} seats, "
          f"workers {a.workers}")
    print(f"  engine:      {res.status} in {res.seconds:.2f} s wall, {cpu:.2f} s CPU "
          f"(objective {res.objective:g}, "
          f"bound {res.bound:g}, gap {gap}%), violations {violations(p, res.assignment)}, "
          f"spread {spread(p, res.assignment)}")
    print(f"  round robin: {rr_s * 1000:.1f} ms, violations {violations(p, rr)}, "
          f"spread {spread(p, rr)}")
    print(json.dumps({"month": a.month, "officers": a.officers, "seconds": round(res.seconds, 2),
                      "cpu_seconds": round(cpu, 2),
                      "optimal": res.optimal, "objective": res.objective, "bound": res.bound,
                      "gap_percent": gap, "spread": spread(p, res.assignment),
                      "round_robin_spread": spread(p, rr)}))
    return 0
