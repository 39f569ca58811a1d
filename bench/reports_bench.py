"""A year report over a large post: time to PDF beside the bare SQL aggregations it needs.

    python -m bench reports_bench [--incidents 1000000] [--tips 100000] [--cameras 16]
                                  [--repeat 5] [--backend sqlite|postgres|both]

Data: incidents and tips over three years (so the previous year and the same period last
year have figures), 12 categories; per camera a health-event history with an outage every
~2 days; a patrol book, monthly meetings, faults, extraction requests, a published roster
(two 12-hour seats a shift) with check-ins.

Floor: the aggregation queries a year report needs, sent through the database driver's
own cursor (sqlite3 / psycopg) in one sequence — incidents by category for three periods,
the tip figures, extractions by status, every health event of the year plus the one
before it per camera, fault counts and cost, patrol times, meetings and decisions, roster
seats with their check-ins.
Ours: `records.reports.build` + `reporting.pdf.write_report` + the CSV, as `controlroom
report` runs them. Reported: medians over `--repeat` runs, and ours / floor.
"""

from __future__ import annotations

import argparse
import itertools
import os
import platform
import random
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

CATS = ("trat_tu_cong_cong", "giao_thong", "tai_nan_giao_thong", "trom_cap", "cuop_giat",
        "danh_nhau", "danh_bac", "ma_tuy", "chay_no", "moi_truong", "te_nan_xa_hoi", "khac")
END = datetime(2026, 12, 14, 17, 0, tzinfo=UTC)  # 15/12/2026 00:00 local: end of year:2026
START = END - timedelta(days=3 * 365)
PERIOD = "year:2026"


def gen_incidents(n: int, rng: random.Random) -> Iterator[dict[str, Any]]:
    span = int((END - START).total_seconds())
    for i in range(n):
        t = START + timedelta(seconds=rng.randrange(span))
        yield dict(code=f"B{i}", year=t.year, seq=i, occurred_at=t, category=rng.choice(CATS),
                   summary="Vụ việc", status="resolved", created_at=t)


def gen_tips(n: int, rng: random.Random) -> Iterator[dict[str, Any]]:
    span = int((END - START).total_seconds())
    for i in range(n):
        t = START + timedelta(seconds=rng.randrange(span))
        done = rng.random() < 0.9
        yield dict(number=f"TB-{i}", year=t.year, seq=i, channel="phone", received_at=t,
                   category=rng.choice(CATS), content="Tin báo",
                   handoff_due=t + timedelta(hours=24), resolve_due=t + timedelta(days=20),
                   transferred_at=t + timedelta(hours=rng.uniform(1, 30)) if done else None,
                   resolved_at=t + timedelta(days=rng.uniform(2, 25)) if done else None,
                   status="resolved" if done else "received", created_at=t)


def load(db: Any, args: argparse.Namespace) -> None:
    from controlroom.records import incidents as inc_service
    from controlroom.records.models import (
        Camera,
        CameraFault,
        CheckIn,
        Export,
        HealthEvent,
        Incident,
        Meeting,
        MeetingDecision,
        Officer,
        Patrol,
        RosterAssignment,
        RosterMonth,
        Tip,
        User,
    )

    rng = random.Random(7)
    with db.session() as s:
        inc_service.ensure_categories(s)
        user = User(username="canbo1", full_name="Lê Đức Thắng", role="officer",
                    password_hash="x")
        s.add(user)
        cams = [Camera(uid=str(uuid.uuid4()), name=f"Camera {i}", code=f"CAM-{i:02d}")
                for i in range(1, args.cameras + 1)]
        s.add_all(cams)
        s.flush()
        officer = Officer(full_name="Lê Đức Thắng")
        s.add(officer)
        s.flush()
        cam_ids, uid, oid = [c.id for c in cams], user.id, officer.id
    with db.engine.begin() as conn:
        for table, rows in ((Incident.__table__, gen_incidents(args.incidents, rng)),
                            (Tip.__table__, gen_tips(args.tips, rng))):
            while batch := list(itertools.islice(rows, 20000)):
                conn.execute(insert(table), batch)
        events = []
        for cid in cam_ids:
            t = START
            events.append(dict(camera_id=cid, ts=t, state="recording", detail=""))
            while t < END:
                t += timedelta(hours=rng.uniform(10, 80))
                events.append(dict(camera_id=cid, ts=t, state="offline", detail=""))
                t += timedelta(minutes=rng.uniform(1, 600))
                events.append(dict(camera_id=cid, ts=t, state="recording", detail=""))
        conn.execute(insert(HealthEvent.__table__), events)
        t = START
        patrols = []
        while t < END:
            patrols.append(dict(start_utc=t + timedelta(hours=13), end_utc=t + timedelta(hours=15),
                                route="Thôn Đông", findings="", incident_ids="[]"))
            t += timedelta(days=rng.choice((2, 3, 4)))
        conn.execute(insert(Patrol.__table__), patrols)
        meetings = [dict(held_at=START + timedelta(days=30.4 * m), kind="monthly", chair="A",
                         secretary="B", location="", content="") for m in range(36)]
        conn.execute(insert(Meeting.__table__), meetings)
        conn.execute(insert(MeetingDecision.__table__), [
            dict(meeting_id=m + 1, text="Việc", owner="A", done_by="") for m in range(36)])
        conn.execute(insert(CameraFault.__table__), [
            dict(camera_id=rng.choice(cam_ids), state=("open", "closed")[i % 2],
                 source="manual", fault="Mất hình", reported_at=START + timedelta(days=i * 5),
                 closed_at=START + timedelta(days=i * 5, hours=8) if i % 2 else None,
                 cost_vnd=200_000, reported_by="", cause="", action="", closed_by="")
            for i in range(200)])
        conn.execute(insert(Export.__table__), [
            dict(uid=str(uuid.uuid4()), officer_id=uid, created_at=START + timedelta(days=i * 3),
                 status=("completed", "refused", "pending")[i % 3], cameras="[]",
                 start_utc=START, end_utc=START + timedelta(minutes=5)) for i in range(300)])
        months: dict[str, int] = {}
        seats, checkins = [], []
        t = START
        while t < END:
            key = f"{t:%Y-%m}"
            if key not in months:
                months[key] = conn.execute(insert(RosterMonth.__table__).values(
                    month=key, template="{}", status="published")).inserted_primary_key[0]
            for post in ("desk", "leader"):
                seats.append(dict(month_id=months[key], day=t.date(), shift_key=f"{t.hour}",
                                  post=post, seat=0, start_utc=t,
                                  end_utc=t + timedelta(hours=12), officer_id=oid))
            t += timedelta(hours=12)
        conn.execute(insert(RosterAssignment.__table__), seats)
        ids = [r[0] for r in conn.exec_driver_sql(
            "SELECT id, start_utc FROM roster_assignment ORDER BY id")]
        for aid, seat in zip(ids, seats, strict=True):
            if rng.random() < 0.95:
                checkins.append(dict(assignment_id=aid, officer_id=oid,
                                     check_in_at=seat["start_utc"] + timedelta(
                                         minutes=rng.uniform(-10, 30))))
        conn.execute(insert(CheckIn.__table__), checkins)
        conn.exec_driver_sql("ANALYZE")


def floor_queries(db: Any, period: Any, cam_ids: list[int]) -> float:
    """The report's aggregations through the driver's cursor; returns seconds."""
    pg = not db.is_sqlite

    def p(name: str) -> str:
        return f"%({name})s" if pg else f":{name}"

    def ts(d: datetime) -> Any:
        naive = d.astimezone(UTC).replace(tzinfo=None)
        return naive if pg else naive.isoformat(" ", "microseconds")

    a, b = ts(period.start), ts(period.end)
    ranges = [(ts(x.start), ts(x.end)) for x in (period, period.previous(),
                                                  period.same_last_year())]
    raw = db.engine.raw_connection()
    try:
        t0 = time.perf_counter()
        cur = raw.cursor()
        for x, y in ranges:
            cur.execute(f"SELECT category, count(*) FROM incident WHERE occurred_at >= {p('a')} "
                        f"AND occurred_at < {p('b')} GROUP BY category", {"a": x, "b": y})
            cur.fetchall()
        cur.execute(
            "SELECT count(*), count(transferred_at), sum(CASE WHEN transferred_at <= handoff_due"
            " THEN 1 ELSE 0 END), sum(CASE WHEN handoff_due < " + p("b") + " AND (transferred_at"
            " IS NULL OR transferred_at > handoff_due) THEN 1 ELSE 0 END), sum(CASE WHEN "
            "resolved_at < " + p("b") + " THEN 1 ELSE 0 END) FROM tip WHERE received_at >= "
            + p("a") + " AND received_at < " + p("b"), {"a": a, "b": b})
        cur.fetchall()
        cur.execute(f"SELECT status, count(*) FROM export WHERE created_at >= {p('a')} AND "
                    f"created_at < {p('b')} GROUP BY status", {"a": a, "b": b})
        cur.fetchall()
        for cid in cam_ids:
            cur.execute(f"SELECT ts, state FROM health_event WHERE camera_id = {p('c')} AND "
                        f"ts <= {p('a')} ORDER BY ts DESC LIMIT 1", {"c": cid, "a": a})
            cur.fetchall()
            cur.execute(f"SELECT ts, state FROM health_event WHERE camera_id = {p('c')} AND "
                        f"ts > {p('a')} AND ts < {p('b')} ORDER BY ts",
                        {"c": cid, "a": a, "b": b})
            cur.fetchall()
        cur.execute(f"SELECT camera_id, count(*) FROM camera_fault WHERE state <> 'dismissed' "
                    f"AND reported_at >= {p('a')} AND reported_at < {p('b')} GROUP BY camera_id",
                    {"a": a, "b": b})
        cur.fetchall()
        cur.execute(f"SELECT count(*), coalesce(sum(cost_vnd), 0) FROM camera_fault WHERE "
                    f"state = 'closed' AND closed_at >= {p('a')} AND closed_at < {p('b')}",
                    {"a": a, "b": b})
        cur.fetchall()
        cur.execute(f"SELECT start_utc FROM patrol WHERE start_utc >= {p('a')} AND "
                    f"start_utc < {p('b')}", {"a": a, "b": b})
        cur.fetchall()
        cur.execute(f"SELECT m.id, count(d.id) FROM meeting m LEFT JOIN meeting_decision d ON "
                    f"d.meeting_id = m.id WHERE m.held_at >= {p('a')} AND m.held_at < {p('b')} "
                    "GROUP BY m.id", {"a": a, "b": b})
        cur.fetchall()
        cur.execute(f"SELECT value FROM setting WHERE key = {p('k')}",
                    {"k": "roster_late_minutes"})
        cur.fetchall()
        cur.execute("SELECT a.start_utc, c.check_in_at FROM roster_assignment a JOIN "
                    "roster_month m ON m.id = a.month_id LEFT JOIN check_in c ON "
                    "c.assignment_id = a.id WHERE m.status = 'published' AND a.officer_id IS "
                    f"NOT NULL AND a.start_utc >= {p('a')} AND a.start_utc < {p('b')}",
                    {"a": a, "b": b})
        cur.fetchall()
        cur.close()
        return time.perf_counter() - t0
    finally:
        raw.close()


def run_backend(name: str, url: str, args: argparse.Namespace, tmp: Path) -> list[str]:
    from controlroom.records import periods, reports
    from controlroom.records.db import open_database
    from controlroom.records.models import Camera
    from controlroom.reporting import csvfile
    from controlroom.reporting.pdf import write_report

    db = open_database(url)
    db.upgrade()
    t = time.perf_counter()
    load(db, args)
    print(f"[{name}] loaded in {time.perf_counter() - t:.0f} s", flush=True)
    period = periods.parse(PERIOD)
    with db.read() as s:
        cam_ids = [c.id for c in s.query(Camera).order_by(Camera.id)]
    now = END + timedelta(days=1)
    floors, builds, pdfs = [], [], []
    figures = 0
    for i in range(args.repeat + 1):
        f = floor_queries(db, period, cam_ids)
        t0 = time.perf_counter()
        with db.read() as s:
            r = reports.build(s, period, number="1/BC", leader_text="Ổn định.", now=now)
        t1 = time.perf_counter()
        write_report(r, tmp / f"r-{name}.pdf")
        csvfile.write(r, tmp / f"r-{name}.csv")
        t2 = time.perf_counter()
        figures = len(r.figures())
        if i:  # the first run warms caches on both sides
            floors.append(f)
            builds.append(t1 - t0)
            pdfs.append(t2 - t1)
    fl, bu, pd = (statistics.median(x) for x in (floors, builds, pdfs))
    line = (f"| {name} | {args.incidents:,} / {args.tips:,} | {fl:.3f} | {bu:.3f} | {pd:.3f} | "
            f"{bu + pd:.3f} | {(bu + pd) / fl:.2f}× | {bu / fl:.2f}× | {figures} |")
    print(line, flush=True)
    db.dispose()
    return [line]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--incidents", type=int, default=1_000_000)
    ap.add_argument("--tips", type=int, default=100_000)
    ap.add_argument("--cameras", type=int, default=16)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--backend", choices=("sqlite", "postgres", "both"), default="both")
    args = ap.parse_args(argv)
    os.environ.setdefault("CONTROLROOM_KEYRING", "demo")
    tmp = Path(tempfile.mkdtemp(prefix="reports-bench-"))
    os.environ["CONTROLROOM_HOME"] = str(tmp)
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, {platform.platform()}, "
          f"SQLite {sqlite3.sqlite_version}; {datetime.now(UTC):%Y-%m-%d %H:%M} UTC; "
          f"report {PERIOD}, {args.cameras} cameras", flush=True)
    print("| backend | incidents / tips | bare SQL floor (s) | build (s) | PDF + CSV (s) | "
          "total (s) | total / floor | build / floor | figures |")
    print("|---|---|---|---|---|---|---|---|---|", flush=True)
    lines: list[str] = []
    if args.backend in ("sqlite", "both"):
        lines += run_backend("SQLite", f"sqlite:///{tmp / 'bench.sqlite3'}", args, tmp)
    if args.backend in ("postgres", "both"):
        from tests.pg_server import PgServer

        server = PgServer()
        try:
            lines += run_backend("PostgreSQL", server.new_database(), args, tmp)
        finally:
            server.stop()
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
