"""The roster engine: one CP-SAT model for generating, repairing and benchmarking rosters.

It knows slots (one seat of one post of one shift, with UTC start/end), people (posts
they may hold, unavailable intervals, carried-over balance) and rules; never the
database. Hard rules are constraints; what may be broken is an explicit variable with a
weight, in strict priority (each level outweighs everything below it):

1. coverage — a slot left empty costs UNCOVERED (the model is never infeasible: the best
   roster with the empty slots marked is returned, and each is explained);
2. changes — in repair, each assignment of the previous roster not kept costs CHANGE;
3. fairness — per pool of equally qualified officers, the spread (max − min) of hours,
   nights, weekend shifts and holiday points, each including the carried-over balance;
   officers away part of the month are held to a share proportional to their days;
4. personal requests, weighted.

Rest and double booking share one family of constraints: two slots conflict for one
person when the second starts before the first ends plus the minimum rest. Extending
each slot by the rest makes this an interval graph, so its maximal cliques are the sets
of slots "alive" at each start instant and one AtMostOne per person per clique states
both rules exactly. `roster_check` verifies the result independently.
"""

from __future__ import annotations

import math
import time as _time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from ortools.sat.python import cp_model

UNCOVERED = 100_000_000
CHANGE = 100_000
METRICS = ("hours", "nights", "weekends", "holidays")
FAIR_WEIGHTS = {"hours": 10, "nights": 120, "weekends": 80, "holidays": 80}
REQUEST_UNIT = 40
TIERS = 6


def metric_unit(slots: Sequence[Slot], metric: str) -> int:
    """Hours are counted in units of the gcd of shift lengths (12 for 2×12, 8 for 3×8),
    so "within one" means within one shift."""
    if metric != "hours":
        return 1
    return math.gcd(*[s.hours for s in slots if s.hours]) or 1


def fair_shares(slots: Sequence[Slot], people: Sequence[Person],
                by_person: dict[int, list[int]], frac: dict[int, int], metric: str,
                unit: int) -> dict[int, float]:
    """Each person's fair share of `metric` this month (in units), by water-filling.

    Slots are grouped by who may take them; the most restricted groups are poured first,
    each into the people who may take it, always raising the lowest level (load over
    availability, starting from the carried-over balance). So leaders carry the leader
    posts and the desk posts even everyone else up to them: a target the qualifications
    allow, not a plain average that nobody can reach."""
    takers: dict[int, list[int]] = defaultdict(list)
    for pid, sids in by_person.items():
        for sid in sids:
            takers[sid].append(pid)
    groups: dict[frozenset[int], int] = defaultdict(int)
    for s in slots:
        v = s.metric(metric) // unit
        who = frozenset(p for p in takers.get(s.id, []) if frac.get(p, 0) > 0)
        if v and who:
            groups[who] += v
    f = {p.id: max(frac.get(p.id, 0), 1) / 100 for p in people}
    load = {p.id: float(p.prior.get(metric, 0)) for p in people}
    for who, amount in sorted(groups.items(), key=lambda g: (len(g[0]), sorted(g[0]))):
        members = sorted(who, key=lambda q: load[q] / f[q])
        left = float(amount)
        # raise the lowest levels together until the amount is poured
        i = 0
        level = load[members[0]] / f[members[0]]
        weight = 0.0
        while left > 1e-9:
            while i < len(members) and load[members[i]] / f[members[i]] <= level + 1e-12:
                weight += f[members[i]]
                i += 1
            nxt = load[members[i]] / f[members[i]] if i < len(members) else float("inf")
            step = min(nxt - level, left / weight)
            level += step
            left -= step * weight
        for q in members[:i]:
            if load[q] / f[q] < level:
                load[q] = level * f[q]
    return {p.id: load[p.id] - p.prior.get(metric, 0) for p in people}


def greedy(problem: Problem, x: dict[tuple[int, int], Any]) -> dict[int, int]:
    """A quick start for the solver: slots in time order, each to the eligible, rested
    person with the least work so far (nights weigh on night slots). Only a hint: the
    model decides."""
    if any(s.need != 1 for s in problem.slots):
        return {}
    rest = timedelta(hours=problem.rules.min_rest_hours)
    busy: dict[int, list[tuple[datetime, datetime]]] = defaultdict(list)
    load: dict[int, float] = defaultdict(float)
    nights: dict[int, int] = defaultdict(int)
    out: dict[int, int] = {}
    for s in sorted(problem.slots, key=lambda s: (s.start, s.post, s.seat)):
        best = None
        for p in problem.people:
            if (p.id, s.id) not in x:
                continue
            if any(_rest_conflict(a, b, s.start, s.end, rest) for a, b in busy[p.id][-3:]):
                continue
            key = (load[p.id] + (2 * nights[p.id] if s.night else 0), p.id)
            if best is None or key < best[0]:
                best = (key, p.id)
        if best is not None:
            pid = best[1]
            out[s.id] = pid
            busy[pid].append((s.start, s.end))
            load[pid] += s.hours or 1
            nights[pid] += int(s.night)
    return out


def availability(slots: Sequence[Slot], people: Sequence[Person]) -> dict[int, int]:
    """Per person, the share of the horizon not away, in percent."""
    if not slots:
        return {p.id: 100 for p in people}
    h0, h1 = min(s.start for s in slots), max(s.end for s in slots)
    out = {}
    for p in people:
        away = timedelta()
        for a, b, _ in p.unavailable:
            lo, hi = max(a, h0), min(b, h1)
            if hi > lo:
                away += hi - lo
        out[p.id] = max(0, round(100 * (1 - away / (h1 - h0))))
    return out


@dataclass(frozen=True)
class Slot:
    id: int
    day: date
    shift_key: str
    post: str
    seat: int
    start: datetime
    end: datetime
    night: bool = False
    weekend: bool = False
    holiday_weight: int = 0
    hours: int = 0
    # Crew size and soft coverage (benchmark instances); the product's seats keep the
    # defaults: exactly one person, an empty seat costs UNCOVERED.
    need: int = 1
    under_cost: int | None = None  # None: mandatory (UNCOVERED per missing person)
    over_cost: int | None = None  # None: never more than `need`
    minutes: int = 0  # 0: hours × 60

    def length(self) -> int:
        return self.minutes or self.hours * 60

    def metric(self, m: str) -> int:
        if m == "hours":
            return self.hours
        if m == "nights":
            return int(self.night)
        if m == "weekends":
            return int(self.weekend)
        return self.holiday_weight


@dataclass
class Person:
    id: int
    name: str
    posts: frozenset[str]
    unavailable: list[tuple[datetime, datetime, str]] = field(default_factory=list)
    prior: dict[str, int] = field(default_factory=dict)  # carried-over balance per metric
    # Optional contract rules per person (all hard; None/0 = no rule). Days are roster
    # days; a person "works" a day when they hold any slot of it.
    max_shifts: dict[str, int] = field(default_factory=dict)  # per shift key
    min_minutes: int = 0
    max_minutes: int | None = None
    max_consecutive: int | None = None  # working days in a row
    min_consecutive: int = 0  # a run of working days (the horizon's edges count as off)
    min_days_off: int = 0  # a run of days off between two working days
    max_weekends: int | None = None  # weekends (Sat/Sun slots) with any work


@dataclass(frozen=True)
class Request:
    person_id: int
    day: date
    shift_key: str
    want: bool
    weight: int = 1


@dataclass(frozen=True)
class Fixed:
    """An assignment outside the horizon (previous/next month) that rest and the night
    limit must respect."""

    person_id: int
    day: date
    start: datetime
    end: datetime
    night: bool


@dataclass(frozen=True)
class Rules:
    min_rest_hours: float = 12.0
    max_consecutive_nights: int = 3
    forbidden_next: frozenset[tuple[str, str]] = frozenset()  # (shift, shift next day)
    # A run of work touching the horizon's start or end may be shorter than
    # min_consecutive (it continues outside the horizon); else the edges count as off.
    short_runs_at_edges: bool = False


@dataclass
class Problem:
    slots: list[Slot]
    people: list[Person]
    rules: Rules = field(default_factory=Rules)
    requests: list[Request] = field(default_factory=list)
    fixed: list[Fixed] = field(default_factory=list)
    pinned: dict[int, int] = field(default_factory=dict)  # slot id -> person id (hard)
    previous: dict[int, int] = field(default_factory=dict)  # slot id -> person id (repair)
    fairness: bool = True
    request_unit: int = REQUEST_UNIT


@dataclass
class Explanation:
    slot: Slot
    reasons: dict[str, list[str]]  # reason key -> names

    def text(self, lang: str = "vi") -> str:
        labels = {
            "unqualified": ("không có nghiệp vụ", "not qualified"),
            "unavailable": ("nghỉ / vắng", "on leave or away"),
            "rest": ("đang trực ca khác hoặc chưa đủ giờ nghỉ",
                     "on another shift or without the minimum rest"),
            "nights": ("đã đủ số ca đêm liên tiếp", "at the limit of consecutive nights"),
            "pinned": ("ô đã được cố định cho người khác", "slot pinned to someone else"),
        }
        i = 0 if lang == "vi" else 1
        parts = [f"{labels[k][i]}: {', '.join(v)}" for k, v in self.reasons.items() if v]
        return "; ".join(parts) if parts else labels["rest"][i]


@dataclass
class Result:
    assignment: dict[int, int | None]
    status: str  # optimal / feasible / unknown
    objective: float
    bound: float
    seconds: float
    uncovered: list[Explanation]
    changes: int = 0
    crew: dict[int, list[int]] = field(default_factory=dict)  # slot id -> everyone on it

    @property
    def optimal(self) -> bool:
        return self.status == "optimal"


def _overlaps(a0: datetime, a1: datetime, b0: datetime, b1: datetime) -> bool:
    return a0 < b1 and b0 < a1


def _available(p: Person, s: Slot) -> bool:
    return not any(_overlaps(a, b, s.start, s.end) for a, b, _ in p.unavailable)


def _rest_conflict(a0: datetime, a1: datetime, b0: datetime, b1: datetime,
                   rest: timedelta) -> bool:
    if a0 <= b0:
        return b0 < a1 + rest
    return a0 < b1 + rest


def eligible(problem: Problem) -> dict[tuple[int, int], bool]:
    """(person, slot) pairs that no single-slot rule forbids."""
    rest = timedelta(hours=problem.rules.min_rest_hours)
    fixed_by: dict[int, list[Fixed]] = defaultdict(list)
    for f in problem.fixed:
        fixed_by[f.person_id].append(f)
    out: dict[tuple[int, int], bool] = {}
    for p in problem.people:
        for s in problem.slots:
            ok = s.post in p.posts and _available(p, s) and not any(
                _rest_conflict(f.start, f.end, s.start, s.end, rest) for f in fixed_by[p.id])
            pin = problem.pinned.get(s.id)
            if pin is not None and pin != p.id:
                ok = False
            if ok:
                out[(p.id, s.id)] = True
    return out


def _cliques(slots: Sequence[Slot], rest: timedelta) -> list[list[Slot]]:
    """Maximal cliques of the conflict graph (slots extended by the rest)."""
    starts = sorted({s.start for s in slots})
    by_start = sorted(slots, key=lambda s: s.start)
    out: list[list[Slot]] = []
    prev: frozenset[int] = frozenset()
    for t in starts:
        alive = [s for s in by_start if s.start <= t < s.end + rest]
        ids = frozenset(s.id for s in alive)
        if len(alive) > 1 and not ids <= prev:
            out.append(alive)
        prev = ids
    return out


def solve(problem: Problem, seconds: float = 10.0, workers: int = 2,
          log: bool = False) -> Result:
    """Best roster within `seconds`. First with every slot that has a candidate forced
    covered (a much tighter model: the proof of optimality comes fast); only when that is
    proven impossible, or finds nothing in time, again with coverage soft, so the answer
    is the best roster with the uncovered slots marked and explained."""
    t0 = _time.monotonic()
    st, crew, obj, bound = _solve_once(problem, seconds, workers, log, hard_cover=True)
    if st not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        left = max(1.0, seconds - (_time.monotonic() - t0))
        st, crew, obj, bound = _solve_once(problem, left, workers, log, hard_cover=False)
    secs = _time.monotonic() - t0
    if crew is None:
        empty: dict[int, int | None] = {s.id: None for s in problem.slots}
        return Result(empty, "unknown", float("inf"), 0.0, secs,
                      [explain(problem, empty, s) for s in problem.slots])
    assignment: dict[int, int | None] = {sid: (c[0] if c else None) for sid, c in crew.items()}
    kept = sum(1 for sid, pid in problem.previous.items() if assignment.get(sid) == pid)
    uncovered = [explain(problem, assignment, s) for s in problem.slots
                 if s.under_cost is None and len(crew[s.id]) < s.need]
    return Result(assignment, "optimal" if st == cp_model.OPTIMAL else "feasible",
                  obj, bound, secs, uncovered, changes=len(problem.previous) - kept, crew=crew)


def _solve_once(problem: Problem, seconds: float, workers: int, log: bool,
                hard_cover: bool) -> tuple[Any, dict[int, list[int]] | None, float, float]:
    m = cp_model.CpModel()
    rules = problem.rules
    rest = timedelta(hours=rules.min_rest_hours)
    ok = eligible(problem)
    x: dict[tuple[int, int], cp_model.IntVar] = {
        k: m.new_bool_var(f"x{k[0]}_{k[1]}") for k in ok}
    cost: list[cp_model.LinearExprT] = []
    coef: list[int] = []

    # 1. coverage
    for s in problem.slots:
        vs = [x[(p.id, s.id)] for p in problem.people if (p.id, s.id) in x]
        tot = sum(vs)
        u = m.new_int_var(0, s.need, f"u{s.id}")
        m.add(u >= s.need - tot)
        if s.under_cost is None:
            if hard_cover and len(vs) >= s.need:
                m.add(u == 0)
            cost.append(u)
            coef.append(UNCOVERED)
        elif s.under_cost:
            cost.append(u)
            coef.append(s.under_cost)
        if s.over_cost is None:
            m.add(tot <= s.need)
        elif s.over_cost:
            o = m.new_int_var(0, len(vs), f"o{s.id}")
            m.add(o >= tot - s.need)
            cost.append(o)
            coef.append(s.over_cost)
        pin = problem.pinned.get(s.id)
        if pin is not None and (pin, s.id) in x:
            m.add(x[(pin, s.id)] == 1)

    # rest and double booking
    for clique in _cliques(problem.slots, rest):
        for p in problem.people:
            vs = [x[(p.id, s.id)] for s in clique if (p.id, s.id) in x]
            if len(vs) > 1:
                m.add_at_most_one(vs)

    # consecutive nights (fixed context nights count as constants)
    n_max = rules.max_consecutive_nights
    days = sorted({s.day for s in problem.slots})
    if days and n_max >= 0:
        first, last = days[0], days[-1]
        span = [first + timedelta(days=i) for i in range(-n_max, (last - first).days + 1)]
        for p in problem.people:
            night_of: dict[date, list[cp_model.IntVar]] = defaultdict(list)
            for s in problem.slots:
                if s.night and (p.id, s.id) in x:
                    night_of[s.day].append(x[(p.id, s.id)])
            fixed_nights = {f.day for f in problem.fixed if f.person_id == p.id and f.night}
            for i in range(len(span) - n_max):
                window = span[i:i + n_max + 1]
                const = sum(1 for d in window if d in fixed_nights)
                vs = [v for d in window for v in night_of.get(d, [])]
                if vs and len(vs) + const > n_max:
                    m.add(sum(vs) + const <= n_max)

    _contracts(m, problem, x)

    # 2. changes from the previous roster
    changes: list[cp_model.IntVar] = []
    for sid, pid in problem.previous.items():
        if (pid, sid) in x:
            changes.append(x[(pid, sid)])
    if changes:
        cost.append(-sum(changes))
        coef.append(CHANGE)

    # 3. fairness: each person's load held to a constant fair share (carried-over
    # balance included, in proportion to the time each is available, and achievable under
    # qualifications: see fair_shares); the penalty grows by tiers outside the band
    # around the share, so a shortfall forced on some is spread evenly over the rest, and
    # a roster with everyone inside the band is proven optimal by the LP bound alone.
    slot_by_id = {s.id: s for s in problem.slots}
    by_person: dict[int, list[int]] = defaultdict(list)
    for (pid, sid) in x:
        by_person[pid].append(sid)
    active = [p for p in problem.people if by_person.get(p.id)] if problem.fairness else []
    frac = availability(problem.slots, active)
    for metric in METRICS:
        unit = metric_unit(problem.slots, metric)
        if not active or not any(s.metric(metric) for s in problem.slots):
            continue
        shares = fair_shares(problem.slots, active, by_person, frac, metric, unit)
        slack = max(s.metric(metric) // unit for s in problem.slots) - 1
        w = FAIR_WEIGHTS[metric] * (unit if metric == "hours" else 1)
        for p in active:
            share = shares[p.id]
            lo_t, hi_t = math.floor(share - slack / 2), math.ceil(share + slack / 2)
            terms = [(x[(p.id, sid)], slot_by_id[sid].metric(metric) // unit)
                     for sid in by_person[p.id] if slot_by_id[sid].metric(metric)]
            ub = sum(c for _v, c in terms)
            # one variable per load, so each tier is a 2-term constraint
            load = m.new_int_var(0, ub, f"load_{metric}_{p.id}")
            m.add(load == cp_model.LinearExpr.weighted_sum([v for v, _c in terms],
                                                           [c for _v, c in terms]))
            for k in range(TIERS):
                if ub - hi_t - k > 0:
                    over = m.new_int_var(0, ub, f"o_{metric}_{p.id}_{k}")
                    m.add(over >= load - hi_t - k)
                    cost.append(over)
                    coef.append(w)
                if lo_t - k > 0:
                    under = m.new_int_var(0, max(lo_t, 0), f"u_{metric}_{p.id}_{k}")
                    m.add(under >= lo_t - k - load)
                    cost.append(under)
                    coef.append(w)

    # 4. personal requests
    for r in problem.requests:
        vs = [v for (pid, sid), v in x.items() if pid == r.person_id
              and slot_by_id[sid].day == r.day and slot_by_id[sid].shift_key == r.shift_key]
        on = sum(vs) if vs else 0
        if r.want:
            if vs:
                cost.append(1 - on)
            else:
                cost.append(1)  # constant: cannot be met
            coef.append(problem.request_unit * r.weight)
        elif vs:
            cost.append(on)
            coef.append(problem.request_unit * r.weight)

    m.minimize(sum(c * e for c, e in zip(coef, cost, strict=True)))
    hint = problem.previous or greedy(problem, x)
    for (pid, sid), v in x.items():
        m.add_hint(v, 1 if hint.get(sid) == pid else 0)

    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.1, seconds)
    solver.parameters.num_workers = workers
    solver.parameters.log_search_progress = log
    st = solver.solve(m)
    if st not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return st, None, float("inf"), 0.0
    crew: dict[int, list[int]] = {s.id: [] for s in problem.slots}
    for (pid, sid), v in x.items():
        if solver.value(v):
            crew[sid].append(pid)
    const_offset = len(problem.previous) * CHANGE if changes else 0
    return (st, crew, solver.objective_value + const_offset,
            solver.best_objective_bound + const_offset)


def explain(problem: Problem, assignment: dict[int, int | None], slot: Slot) -> Explanation:
    """Why nobody can take `slot` given the rest of `assignment`."""
    rest = timedelta(hours=problem.rules.min_rest_hours)
    reasons: dict[str, list[str]] = defaultdict(list)
    slot_by_id = {s.id: s for s in problem.slots}
    n_max = problem.rules.max_consecutive_nights
    for p in problem.people:
        if slot.post not in p.posts:
            reasons["unqualified"].append(p.name)
            continue
        away = [why for a, b, why in p.unavailable if _overlaps(a, b, slot.start, slot.end)]
        if away:
            reasons["unavailable"].append(f"{p.name} ({away[0]})" if away[0] else p.name)
            continue
        mine = [slot_by_id[sid] for sid, pid in assignment.items()
                if pid == p.id and sid != slot.id]
        busy = [(f.start, f.end) for f in problem.fixed if f.person_id == p.id]
        busy += [(s.start, s.end) for s in mine]
        if any(_rest_conflict(a, b, slot.start, slot.end, rest) for a, b in busy):
            reasons["rest"].append(p.name)
            continue
        if slot.night:
            nights = {s.day for s in mine if s.night}
            nights |= {f.day for f in problem.fixed if f.person_id == p.id and f.night}
            run_before = 0
            d = slot.day - timedelta(days=1)
            while d in nights:
                run_before += 1
                d -= timedelta(days=1)
            run_after = 0
            d = slot.day + timedelta(days=1)
            while d in nights:
                run_after += 1
                d += timedelta(days=1)
            if run_before + run_after + 1 > n_max:
                reasons["nights"].append(p.name)
                continue
        pin = problem.pinned.get(slot.id)
        if pin is not None and pin != p.id:
            reasons["pinned"].append(p.name)
    return Explanation(slot, dict(reasons))


def _contracts(m: cp_model.CpModel, problem: Problem,
               x: dict[tuple[int, int], cp_model.IntVar]) -> None:
    """Per-person contract rules and forbidden successions (benchmark instances, and
    posts that want them): shift-type caps, minutes, runs of work and rest, weekends."""
    slots = problem.slots
    if not slots:
        return
    first, last = min(s.day for s in slots), max(s.day for s in slots)
    days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    by_day: dict[date, list[Slot]] = defaultdict(list)
    for s in slots:
        by_day[s.day].append(s)
    forbidden = problem.rules.forbidden_next
    for p in problem.people:
        if not (forbidden or p.max_shifts or p.min_minutes or p.max_minutes is not None
                or p.max_consecutive is not None or p.min_consecutive > 1
                or p.min_days_off > 1 or p.max_weekends is not None):
            continue
        mine = {sid: v for (pid, sid), v in x.items() if pid == p.id}
        if not mine:
            continue
        slot_of = {s.id: s for s in slots if s.id in mine}
        for key, cap in p.max_shifts.items():
            vs = [v for sid, v in mine.items() if slot_of[sid].shift_key == key]
            if len(vs) > cap:
                m.add(sum(vs) <= cap)
        if p.min_minutes or p.max_minutes is not None:
            total = sum(slot_of[sid].length() * v for sid, v in mine.items())
            if p.min_minutes:
                m.add(total >= p.min_minutes)
            if p.max_minutes is not None:
                m.add(total <= p.max_minutes)
        for d in days:
            d2 = d + timedelta(days=1)
            for a, b in forbidden:
                va = [v for sid, v in mine.items() if slot_of[sid].day == d
                      and slot_of[sid].shift_key == a]
                vb = [v for sid, v in mine.items() if slot_of[sid].day == d2
                      and slot_of[sid].shift_key == b]
                for xa in va:
                    for xb in vb:
                        m.add(xa + xb <= 1)
        needs_days = (p.max_consecutive is not None or p.min_consecutive > 1
                      or p.min_days_off > 1 or p.max_weekends is not None)
        if not needs_days:
            continue
        w: list[cp_model.IntVar] = []
        for d in days:
            vs = [v for sid, v in mine.items() if slot_of[sid].day == d]
            wd = m.new_bool_var(f"w{p.id}_{d.toordinal()}")
            if vs:
                for v in vs:
                    m.add_implication(v, wd)
                m.add(sum(vs) >= wd)
            else:
                m.add(wd == 0)
            w.append(wd)
        n = len(days)
        if p.max_consecutive is not None and p.max_consecutive < n:
            k = p.max_consecutive
            for i in range(n - k):
                m.add(sum(w[i:i + k + 1]) <= k)
        if p.min_consecutive > 1:
            edges_free = problem.rules.short_runs_at_edges
            for i in range(n):
                for length in range(1, p.min_consecutive):
                    if i + length > n:
                        break
                    if edges_free and (i == 0 or i + length == n):
                        continue
                    lits: list[Any] = [w[i - 1]] if i > 0 else []
                    lits += [w[j].Not() for j in range(i, i + length)]
                    if i + length < n:
                        lits.append(w[i + length])
                    m.add_bool_or(lits)
        if p.min_days_off > 1:
            for i in range(1, n):
                for length in range(1, p.min_days_off):
                    if i + length >= n:
                        break
                    off: list[Any] = [w[i - 1].Not()] + [w[j] for j in range(i, i + length)]
                    off.append(w[i + length].Not())
                    lits = off
                    m.add_bool_or(lits)
        if p.max_weekends is not None:
            weeks: dict[tuple[int, int], list[cp_model.IntVar]] = defaultdict(list)
            for i, d in enumerate(days):
                if any(s.weekend for s in by_day.get(d, [])) or d.weekday() >= 5:
                    iso = d.isocalendar()
                    weeks[(iso[0], iso[1])].append(w[i])
            wk: list[cp_model.IntVar] = []
            for (year, week), ws in weeks.items():
                wkb = m.new_bool_var(f"wk{p.id}_{year}_{week}")
                for wd_ in ws:
                    m.add_implication(wd_, wkb)
                wk.append(wkb)
            if len(wk) > p.max_weekends:
                m.add(sum(wk) <= p.max_weekends)
