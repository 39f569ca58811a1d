"""Incident book and tip register at scale: filtered list and accent-insensitive search
through our services, each beside the bare SQL the same filter needs run through the
database driver directly (sqlite3 / psycopg) in the same run.

    python -m bench books_bench [--incidents 1000000] [--tips 100000] [--repeat 200]
                                [--backend sqlite|postgres|both]

Data: generated Vietnamese incidents (12 categories, 30 villages, names, vehicles, places)
spread over 5 years; tips over the same years. PostgreSQL runs on a private server started
like the tests' (tests/pg_server.py). Reported: p50 / p95 in ms over `--repeat` runs of
each query with varied parameters (first page of 50 rows, newest first).
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
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

AREAS = [f"Thôn {n}" for n in ("Đông", "Tây", "Nam", "Bắc", "Trung", "Hạ", "Thượng",
                                 "Phú Mỹ", "An Lạc", "Đồng Xuân", "Hòa Bình", "Tân Lập",
                                 "Khe Mạ", "Nà Hang", "Bình Minh")]
AREAS += [f"Tổ dân phố {i}" for i in range(1, 16)]
STREETS = ["Đường Lê Lợi", "Đường Trần Hưng Đạo", "Đường tỉnh 623", "Quốc lộ 1A",
           "Đường Nguyễn Du", "ngõ chợ", "cổng trường THCS", "bến đò", "chợ Đông",
           "cây xăng Đồng Tâm", "ngã ba Hòa Bình", "cầu Bà Đen", "bãi sông", "đình làng"]
NAMES = ["Nguyễn Văn An", "Trần Thị Bích", "Lê Đức Cường", "Phạm Thị Dung", "Hoàng Văn Đạt",
         "Đặng Thị Hạnh", "Vũ Minh Khang", "Bùi Thị Lan", "Đỗ Quang Minh", "Ngô Thị Ngọc",
         "Dương Văn Phúc", "Lý Thị Quyên", "Trịnh Văn Sơn", "Đinh Thị Thu", "Mai Xuân Trường"]
THINGS = ["xe máy Honda Wave", "xe đạp điện", "điện thoại iPhone", "ví tiền", "bình gas",
          "dây điện", "gà", "chó", "máy bơm nước", "laptop", "vàng", "két sắt"]
TEMPLATES = {
    "trom_cap": "Trộm cắp {thing} của ông/bà {name} tại {street}",
    "cuop_giat": "Cướp giật {thing} của {name} trên {street}",
    "danh_nhau": "Hai nhóm thanh niên đánh nhau, gây thương tích tại {street}",
    "giao_thong": "Ùn tắc, đỗ xe sai quy định tại {street}",
    "tai_nan_giao_thong": "Va chạm giữa ô tô và {thing} tại {street}, {name} bị thương nhẹ",
    "danh_bac": "Tụ tập đánh bạc (xóc đĩa) tại nhà {name}, gần {street}",
    "ma_tuy": "Nghi vấn mua bán, sử dụng ma túy tại {street}",
    "chay_no": "Cháy {thing} tại nhà {name}, {street}",
    "trat_tu_cong_cong": "Gây rối trật tự công cộng, hát karaoke quá giờ tại {street}",
    "moi_truong": "Đổ trộm rác thải xây dựng tại {street}",
    "te_nan_xa_hoi": "Nghi vấn hoạt động mại dâm tại nhà nghỉ gần {street}",
    "khac": "Phát hiện {thing} bị bỏ quên tại {street}, người nhặt được {name}",
}
STATUSES = ["new", "in_progress", "transferred", "resolved", "closed"]
STATUS_W = [2, 3, 1, 10, 30]
START = datetime(2021, 12, 1, tzinfo=UTC)
SPAN_S = 5 * 365 * 86400
OFFICERS = ["canbo1", "canbo2", "canbo3", "totruong"]


def gen_incidents(n: int, rng: random.Random) -> Iterator[dict[str, Any]]:
    from controlroom.records import search

    cats = list(TEMPLATES)
    cat_names = {k: vi for k, vi, _ in __import__(
        "controlroom.records.incidents", fromlist=["x"]).DEFAULT_CATEGORIES}
    times = sorted(START + timedelta(seconds=rng.randrange(SPAN_S)) for _ in range(n))
    seqs: dict[int, int] = {}
    for t in times:
        cat = rng.choice(cats)
        summary = TEMPLATES[cat].format(thing=rng.choice(THINGS), name=rng.choice(NAMES),
                                        street=rng.choice(STREETS))
        area = rng.choice(AREAS)
        loc = f"{rng.choice(STREETS)}, {area}"
        year = (t + timedelta(hours=7)).year
        seqs[year] = seqs.get(year, 0) + 1
        code = f"{seqs[year]:04d}/{year}"
        status = rng.choices(STATUSES, STATUS_W)[0]
        yield (dict(code=code, year=year, seq=seqs[year], occurred_at=t, detected_at=t,
                         category=cat, area=area, location=loc, severity="medium",
                         summary=summary, description="", officer=rng.choice(OFFICERS),
                         status=status, status_at=t, status_by="canbo1",
                         search_text=search.words(code, summary, area, loc, cat_names[cat]),
                         created_by="canbo1", created_at=t))


def gen_tips(n: int, rng: random.Random) -> Iterator[dict[str, Any]]:
    from controlroom.records import search

    times = sorted(START + timedelta(seconds=rng.randrange(SPAN_S)) for _ in range(n))
    seqs: dict[int, int] = {}
    for t in times:
        cat = rng.choice(list(TEMPLATES))
        content = "Người dân báo: " + TEMPLATES[cat].format(
            thing=rng.choice(THINGS), name=rng.choice(NAMES), street=rng.choice(STREETS))
        year = (t + timedelta(hours=7)).year
        seqs[year] = seqs.get(year, 0) + 1
        number = f"TB-{seqs[year]:04d}/{year}"
        done = rng.random() < 0.97
        yield (dict(number=number, year=year, seq=seqs[year],
                         channel=rng.choice(["in_person", "phone", "vneid", "letter"]),
                         received_at=t, received_by="canbo1", category=cat,
                         area=rng.choice(AREAS), content=content, anonymous=True, remote=False,
                         handoff_due=t + timedelta(hours=24), resolve_due=t + timedelta(days=20),
                         transferred_at=t + timedelta(hours=5) if done else None,
                         resolved_at=t + timedelta(days=10) if done else None,
                         status="resolved" if done else "received",
                         search_text=search.words(number, content), created_at=t))


def load(db: Any, incidents: Iterator[dict[str, Any]], tips: Iterator[dict[str, Any]]) -> None:
    from controlroom.records import incidents as inc_service
    from controlroom.records import search
    from controlroom.records.models import Incident, Tip
    from controlroom.records.users import SYSTEM

    with db.session() as s:
        inc_service.ensure_categories(s)
        del SYSTEM
    pg = not db.is_sqlite
    with db.engine.begin() as conn:
        if pg:
            conn.exec_driver_sql("DROP INDEX IF EXISTS ix_incident_search_trgm")
            conn.exec_driver_sql("DROP INDEX IF EXISTS ix_tip_search_trgm")
        for table, rows in ((Incident.__table__, incidents), (Tip.__table__, tips)):
            while batch := list(itertools.islice(rows, 20000)):
                conn.execute(insert(table), batch)
    with db.engine.begin() as conn:
        search.ensure_structures(conn)
        if pg:
            conn.exec_driver_sql("ANALYZE")
        else:
            conn.exec_driver_sql("ANALYZE")


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    k = max(0, min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1)))))
    return xs[k]


def timed_pair(ours: Callable[[int], Any], bare: Callable[[int], Any], repeat: int
               ) -> tuple[list[float], list[float], int, int]:
    """Both measured in the same loop, alternating which goes first, so a scheduler
    hiccup or a cache flush on this shared machine falls on both alike."""
    ours(0), bare(0)  # warm
    o_ms, b_ms, on, bn = [], [], 0, 0
    for i in range(repeat):
        for fn, out in (((ours, o_ms), (bare, b_ms)) if i % 2 == 0
                        else ((bare, b_ms), (ours, o_ms))):
            t = time.perf_counter()
            n = len(fn(i))
            out.append((time.perf_counter() - t) * 1000)
            if fn is ours:
                on = n
            else:
                bn = n
    return o_ms, b_ms, on, bn


def run_backend(name: str, url: str, args: argparse.Namespace, rng_seed: int = 7) -> list[str]:
    from controlroom.records import incidents, search, tips
    from controlroom.records.db import open_database
    from controlroom.records.incidents import Filter
    from controlroom.records.tips import Filter as TipFilter

    db = open_database(url)
    t = time.perf_counter()
    if args.reuse and db.is_sqlite and args.reindex:  # rebuild the search index as now
        with db.engine.begin() as conn:
            for tbl in search.SEARCHED_TABLES:
                for suffix in ("ai", "ad", "au"):
                    conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {tbl}_fts_{suffix}")
                conn.exec_driver_sql(f"DROP TABLE IF EXISTS {tbl}_fts")
            search.ensure_structures(conn)
            search.rebuild(conn)
        print(f"[{name}] search index rebuilt in {time.perf_counter() - t:.0f} s", flush=True)
    elif args.reuse and db.is_sqlite:
        db.upgrade()  # an older file: the schema brought up to date (search index kept)
    else:
        db.upgrade()
        rng = random.Random(rng_seed)
        load(db, gen_incidents(args.incidents, rng), gen_tips(args.tips, rng))
        print(f"[{name}] generated, loaded and indexed in {time.perf_counter() - t:.0f} s",
              flush=True)

    end = START + timedelta(seconds=SPAN_S)
    cats = list(TEMPLATES)
    words = ["trom cap", "duong le loi", "xe may", "danh bac", "nguyen van an", "chay",
             "dao", "cuop giat dien thoai", "thon dong", "ma tuy", "quoc lo 1a", "bai song",
             "karaoke", "tran thi bich", "vang", "ket sat", "ben do", "cau ba den",
             "xoc dia", "laptop"]
    cols = ("id, code, occurred_at, category, area, location, severity, summary, status, "
            "officer")
    icols = ", ".join(f"incident.{c.strip()}" for c in cols.split(","))
    pg = not db.is_sqlite

    def list_filter(i: int) -> Filter:
        days = 30 + (i % 4) * 30
        a = end - timedelta(days=days + i)
        return Filter(start=a, end=a + timedelta(days=days), categories=[cats[i % len(cats)]],
                      statuses=["new", "in_progress", "transferred"] if i % 2 else [])

    def ours_list(i: int) -> list[Any]:
        with db.read() as s:
            return incidents.list_rows(s, list_filter(i))

    def ours_search(i: int) -> list[Any]:
        with db.read() as s:
            return incidents.list_rows(s, Filter(text=words[i % len(words)]))

    def ours_tips(i: int) -> list[Any]:
        with db.read() as s:
            return tips.list_rows(s, TipFilter(overdue=True, now=end))

    def ours_tip_search(i: int) -> list[Any]:
        with db.read() as s:
            return tips.list_rows(s, TipFilter(text=words[i % len(words)], now=end))

    def sqlite_ts(d: datetime) -> str:
        return d.astimezone(UTC).replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f")

    if pg:
        import psycopg

        raw = psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://"),
                              autocommit=True)

        def q(sql: str, params: list[Any]) -> list[Any]:
            return raw.execute(sql.replace("?", "%s"), params).fetchall()

        def ts(d: datetime) -> Any:
            return d.astimezone(UTC).replace(tzinfo=None)
    else:
        path = db.sqlite_path
        assert path is not None
        raw_s = sqlite3.connect(path)

        def q(sql: str, params: list[Any]) -> list[Any]:
            return raw_s.execute(sql, params).fetchall()

        ts = sqlite_ts

    def pg_where(w: str, col: str = "search_text") -> tuple[str, list[Any]]:
        parts, params = [], []
        for pattern, bounded in search.like_patterns(w):
            parts.append(f"{col} LIKE ?")
            params.append(pattern)
            if pattern != f"%{bounded}%":
                parts.append(f"strpos({col}, ?) > 0")
                params.append(bounded)
        return " AND ".join(parts), params

    def bare_list(i: int) -> list[Any]:
        f = list_filter(i)
        assert f.start is not None and f.end is not None
        sql = (f"SELECT {cols} FROM incident WHERE occurred_at >= ? AND occurred_at < ? "
               f"AND category IN (?)")
        params: list[Any] = [ts(f.start), ts(f.end), f.categories[0]]
        if f.statuses:
            sql += " AND status IN (?, ?, ?)"
            params += list(f.statuses)
        sql += " ORDER BY occurred_at DESC, id DESC LIMIT 50 OFFSET 0"
        return q(sql, params)

    def bare_search(i: int) -> list[Any]:
        w = words[i % len(words)]
        if pg:  # the same two steps as search.pg_ordered
            where, pats = pg_where(w)
            wwhere, wpats = pg_where(w, "(search_text || '')")
            top = q("SELECT max(id) FROM incident", [])[0][0]
            rows = q(f"SELECT {cols} FROM incident WHERE {wwhere} AND id > ? "
                     f"ORDER BY id DESC LIMIT 50 OFFSET 0", [*wpats, top - search.PG_WINDOW])
            if len(rows) == 50:
                return rows
            return q(f"SELECT {cols} FROM incident WHERE {where} "
                     f"ORDER BY id + 0 DESC LIMIT 50 OFFSET 0", pats)
        return q(f"SELECT {icols} FROM incident JOIN incident_fts "
                 f"ON incident_fts.rowid = incident.id WHERE incident_fts MATCH ? "
                 f"ORDER BY incident_fts.rowid DESC LIMIT 50 OFFSET 0", [search.fts_query(w)])

    tip_cols = ("id, number, channel, received_at, received_by, category, area, content, "
                "anonymous, status, handoff_due, resolve_due, transferred_at, resolved_at")

    def bare_tips(i: int) -> list[Any]:
        now = ts(end)
        return q(f"SELECT {tip_cols} FROM tip WHERE (transferred_at IS NULL AND resolved_at IS "
                 f"NULL AND handoff_due < ?) OR (resolved_at IS NULL AND resolve_due < ?) "
                 f"ORDER BY received_at DESC, id DESC LIMIT 50 OFFSET 0", [now, now])

    def bare_tip_search(i: int) -> list[Any]:
        w = words[i % len(words)]
        if pg:
            where, pats = pg_where(w)
            wwhere, wpats = pg_where(w, "(search_text || '')")
            top = q("SELECT max(id) FROM tip", [])[0][0]
            rows = q(f"SELECT {tip_cols} FROM tip WHERE {wwhere} AND id > ? "
                     f"ORDER BY id DESC LIMIT 50 OFFSET 0", [*wpats, top - search.PG_WINDOW])
            if len(rows) == 50:
                return rows
            return q(f"SELECT {tip_cols} FROM tip WHERE {where} "
                     f"ORDER BY id + 0 DESC LIMIT 50 OFFSET 0", pats)
        tcols = ", ".join(f"tip.{c.strip()}" for c in tip_cols.split(","))
        return q(f"SELECT {tcols} FROM tip JOIN tip_fts ON tip_fts.rowid = tip.id "
                 f"WHERE tip_fts MATCH ? ORDER BY tip_fts.rowid DESC LIMIT 50 OFFSET 0",
                 [search.fts_query(w)])

    lines = []
    for label, ours, bare in (
        (f"incidents: filtered list ({args.incidents:,})", ours_list, bare_list),
        (f"incidents: search ({args.incidents:,})", ours_search, bare_search),
        (f"tips: overdue list ({args.tips:,})", ours_tips, bare_tips),
        (f"tips: search ({args.tips:,})", ours_tip_search, bare_tip_search),
    ):
        o_all, b_all, on, bn = timed_pair(ours, bare, args.repeat)
        o50, o95 = statistics.median(o_all), pct(o_all, 95)
        b50, b95 = statistics.median(b_all), pct(b_all, 95)
        if "search" in label:
            worst = sorted(range(len(o_all)), key=lambda k: -o_all[k])[:3]
            print(f"  slowest ({label}): " + ", ".join(
                f"{words[k % len(words)]!r} ours {o_all[k]:.0f} ms / bare {b_all[k]:.0f} ms"
                for k in worst), flush=True)
        line = (f"| {name} | {label} | {b50:.2f} / {b95:.2f} | {o50:.2f} / {o95:.2f} | "
                f"{o95 / b95 if b95 else 0:.2f}× | {on} / {bn} |")
        print(line, flush=True)
        lines.append(line)
    db.dispose()
    return lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--incidents", type=int, default=1_000_000)
    ap.add_argument("--tips", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=200)
    ap.add_argument("--backend", choices=("sqlite", "postgres", "both"), default="both")
    ap.add_argument("--reuse", metavar="SQLITE_FILE",
                    help="measure an already loaded SQLite file (skip generation)")
    ap.add_argument("--reindex", action="store_true",
                    help="with --reuse: rebuild its search index first (after a change "
                         "to the index's structure)")
    args = ap.parse_args(argv)
    os.environ.setdefault("CONTROLROOM_KEYRING", "demo")
    tmp = Path(tempfile.mkdtemp(prefix="books-bench-"))
    os.environ["CONTROLROOM_HOME"] = str(tmp)
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, "
          f"{platform.platform()}, SQLite {sqlite3.sqlite_version}; "
          f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC", flush=True)
    print("| backend | query | bare driver p50 / p95 (ms) | ours p50 / p95 (ms) | "
          "ours/bare p95 | rows ours / bare |")
    print("|---|---|---|---|---|---|", flush=True)
    lines: list[str] = []
    if args.backend in ("sqlite", "both"):
        path = Path(args.reuse) if args.reuse else tmp / "bench.sqlite3"
        lines += run_backend("SQLite", f"sqlite:///{path}", args)
    if args.backend in ("postgres", "both"):
        from tests.pg_server import PgServer

        server = PgServer()
        try:
            lines += run_backend("PostgreSQL", server.new_database(), args)
        finally:
            server.stop()
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
