"""The roster engine on the Shift Scheduling Benchmark of Curtois & Qu.

    python -m bench roster_nrp --instance bench/data/nrp/Instance1.txt --seconds 60

Maps one instance (text format: SECTION_HORIZON, SHIFTS, STAFF, DAYS_OFF,
SHIFT_ON_REQUESTS, SHIFT_OFF_REQUESTS, COVER) onto the product's roster model — one
slot per (day, shift type) with a crew size and soft under/over cover weights, staff as
people with contract rules, days off as unavailability, requests as weighted requests,
forbidden successions as a rule — solves it with `controlroom.records.roster_engine`
(the engine the app uses, fairness terms off because the benchmark has none), then checks
the result against every rule of the benchmark with the checker below (written from the
format's definitions, not from the model) and computes the objective exactly as the
benchmark defines it. The last line printed is JSON:
{"objective", "seconds", "optimal", "bound", "best_known", "gap_percent", "roster"}.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from controlroom.records import roster_engine as eng

DATA = Path(__file__).parent / "data" / "nrp"
MONDAY = date(2024, 1, 1)  # every instance starts on a Monday
EDGES_FREE = True


@dataclass
class Staff:
    id: str
    max_shifts: dict[str, int]
    max_minutes: int
    min_minutes: int
    max_consecutive: int
    min_consecutive: int
    min_days_off: int
    max_weekends: int
    days_off: set[int] = field(default_factory=set)


@dataclass
class Instance:
    horizon: int
    lengths: dict[str, int]
    not_after: dict[str, set[str]]  # shift -> shifts that cannot follow it next day
    staff: dict[str, Staff]
    on: list[tuple[str, int, str, int]]
    off: list[tuple[str, int, str, int]]
    cover: dict[tuple[int, str], tuple[int, int, int]]  # (day, shift) -> req, under, over


def parse(text: str) -> Instance:
    sections: dict[str, list[str]] = defaultdict(list)
    current = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("SECTION_"):
            current = line
            continue
        sections[current].append(line)
    horizon = int(sections["SECTION_HORIZON"][0])
    lengths, not_after = {}, {}
    for line in sections["SECTION_SHIFTS"]:
        parts = line.split(",")
        lengths[parts[0]] = int(parts[1])
        not_after[parts[0]] = {x for x in (parts[2] if len(parts) > 2 else "").split("|") if x}
    staff = {}
    for line in sections["SECTION_STAFF"]:
        sid, caps, mx, mn, mxc, mnc, mdo, mw = line.split(",")
        max_shifts = {k: int(v) for k, v in (c.split("=") for c in caps.split("|") if c)}
        staff[sid] = Staff(sid, max_shifts, int(mx), int(mn), int(mxc), int(mnc), int(mdo),
                           int(mw))
    for line in sections["SECTION_DAYS_OFF"]:
        parts = line.split(",")
        staff[parts[0]].days_off |= {int(x) for x in parts[1:] if x}
    on = [(a, int(b), c, int(d)) for a, b, c, d in
          (x.split(",") for x in sections["SECTION_SHIFT_ON_REQUESTS"])]
    off = [(a, int(b), c, int(d)) for a, b, c, d in
           (x.split(",") for x in sections["SECTION_SHIFT_OFF_REQUESTS"])]
    cover = {(int(d), s): (int(r), int(u), int(o)) for d, s, r, u, o in
             (x.split(",") for x in sections["SECTION_COVER"])}
    return Instance(horizon, lengths, not_after, staff, on, off, cover)


def to_problem(inst: Instance) -> tuple[eng.Problem, list[str], list[eng.Slot]]:
    """The instance in the product's roster model."""
    ids = list(inst.staff)
    slots: list[eng.Slot] = []
    for d in range(inst.horizon):
        day = MONDAY + timedelta(days=d)
        start = datetime.combine(day, datetime.min.time(), tzinfo=UTC)
        for shift, minutes in inst.lengths.items():
            req, under, over = inst.cover.get((d, shift), (0, 0, 0))
            # every shift of a day occupies the whole day: one shift a day per person
            slots.append(eng.Slot(len(slots), day, shift, "staff", 0, start,
                                  start + timedelta(days=1), weekend=d % 7 >= 5,
                                  need=req, under_cost=under, over_cost=over,
                                  minutes=minutes))
    people = []
    for i, sid in enumerate(ids):
        st = inst.staff[sid]
        away = [(datetime.combine(MONDAY + timedelta(days=d), datetime.min.time(), tzinfo=UTC),
                 datetime.combine(MONDAY + timedelta(days=d + 1), datetime.min.time(),
                                  tzinfo=UTC), "day off") for d in sorted(st.days_off)]
        people.append(eng.Person(
            i, sid, frozenset({"staff"}), away, max_shifts=dict(st.max_shifts),
            min_minutes=st.min_minutes, max_minutes=st.max_minutes,
            max_consecutive=st.max_consecutive, min_consecutive=st.min_consecutive,
            min_days_off=st.min_days_off, max_weekends=st.max_weekends))
    index = {sid: i for i, sid in enumerate(ids)}
    reqs = [eng.Request(index[e], MONDAY + timedelta(days=d), s, want=True, weight=w)
            for e, d, s, w in inst.on]
    reqs += [eng.Request(index[e], MONDAY + timedelta(days=d), s, want=False, weight=w)
             for e, d, s, w in inst.off]
    forbidden = frozenset((a, b) for a, bs in inst.not_after.items() for b in bs)
    rules = eng.Rules(min_rest_hours=0, max_consecutive_nights=10_000,
                      forbidden_next=forbidden, short_runs_at_edges=EDGES_FREE)
    return (eng.Problem(slots, people, rules, reqs, fairness=False, request_unit=1),
            ids, slots)


# --- the benchmark's own rules, checked on the roster --------------------------------------

def violations(inst: Instance, roster: dict[str, list[str]]) -> list[str]:
    out = []
    h = inst.horizon
    for sid, st in inst.staff.items():
        row = roster[sid]
        if len(row) != h:
            out.append(f"{sid}: {len(row)} days")
            continue
        for k, cap in st.max_shifts.items():
            if row.count(k) > cap:
                out.append(f"{sid}: {row.count(k)} × {k} > {cap}")
        minutes = sum(inst.lengths[x] for x in row if x)
        if not st.min_minutes <= minutes <= st.max_minutes:
            out.append(f"{sid}: {minutes} min outside [{st.min_minutes}, {st.max_minutes}]")
        for d in st.days_off:
            if row[d]:
                out.append(f"{sid}: works on day off {d}")
        for d in range(h - 1):
            if row[d] and row[d + 1] in inst.not_after[row[d]]:
                out.append(f"{sid}: {row[d]} then {row[d + 1]} on day {d}")
        runs: list[tuple[bool, int, int]] = []  # (working, start, length)
        for d in range(h):
            w = bool(row[d])
            if runs and runs[-1][0] == w:
                runs[-1] = (w, runs[-1][1], runs[-1][2] + 1)
            else:
                runs.append((w, d, 1))
        for w, start, length in runs:
            if w and length > st.max_consecutive:
                out.append(f"{sid}: {length} shifts in a row from day {start}")
            touches_edge = start == 0 or start + length == h
            if w and length < st.min_consecutive and not (EDGES_FREE and touches_edge):
                out.append(f"{sid}: only {length} shifts in a row from day {start}")
            inner = start > 0 and start + length < h
            if not w and inner and length < st.min_days_off:
                out.append(f"{sid}: only {length} days off from day {start}")
        weekends = sum(1 for wk in range(h // 7) if row[wk * 7 + 5] or row[wk * 7 + 6])
        if weekends > st.max_weekends:
            out.append(f"{sid}: {weekends} weekends > {st.max_weekends}")
    return out


def objective(inst: Instance, roster: dict[str, list[str]]) -> int:
    total = 0
    for e, d, s, w in inst.on:
        if roster[e][d] != s:
            total += w
    for e, d, s, w in inst.off:
        if roster[e][d] == s:
            total += w
    for (d, s), (req, under, over) in inst.cover.items():
        n = sum(1 for e in roster if roster[e][d] == s)
        total += under * max(0, req - n) + over * max(0, n - req)
    return total


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench roster_nrp")
    ap.add_argument("--instance", required=True)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--workers", type=int, default=8,
                    help="CP-SAT workers (threads); 8 gives its full portfolio even on 2 cores")
    a = ap.parse_args(argv)
    path = Path(a.instance)
    inst = parse(path.read_text(encoding="utf-8"))
    problem, ids, slots = to_problem(inst)
    res = eng.solve(problem, seconds=a.seconds, workers=a.workers)
    roster = {sid: [""] * inst.horizon for sid in ids}
    for slot in slots:
        for pid in res.crew.get(slot.id, []):
            roster[ids[pid]][(slot.day - MONDAY).days] = slot.shift_key
    bad = violations(inst, roster)
    obj = objective(inst, roster)
    known = json.loads((DATA / "best_known.json").read_text()).get(path.stem)
    gap = round(100 * (obj - known) / known, 2) if known else None
    print(f"{path.name}: staff {len(ids)}, days {inst.horizon}, objective {obj} "
          f"(engine {res.objective:g}, bound {res.bound:g}, {res.status}) in {res.seconds:.1f} s; "
          f"best known {known}, gap {gap}%; rule violations: {len(bad)}", file=sys.stderr)
    for v in bad:
        print("  violation:", v, file=sys.stderr)
    print(json.dumps({"objective": obj, "seconds": round(res.seconds, 2),
                      "optimal": res.optimal and not bad, "bound": res.bound,
                      "best_known": known, "gap_percent": gap, "violations": len(bad),
                      "roster": roster}, ensure_ascii=False))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
