"""Every report figure against an independent computation over the same seeded data:
Python over the inserted lists, or plain SQL written here — never the report's code."""

from __future__ import annotations

import csv
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import text

from controlroom.records import reports
from controlroom.records.db import Database
from controlroom.records.periods import parse
from controlroom.reporting import csvfile
from controlroom.reporting.pdf import write_report
from tests.records.report_seed import CATEGORIES, Seeded, seed

VN = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2026, 12, 31, tzinfo=UTC)


def _local_date(t: datetime) -> date:
    return t.astimezone(VN).date()


def _count(seeded: Seeded, a: date, b: date) -> dict[str, int]:
    out: dict[str, int] = {}
    for t, cat in seeded.incidents:
        if a <= _local_date(t) < b:
            out[cat] = out.get(cat, 0) + 1
    return out


def _up(seq: list[tuple[datetime, str]], a: datetime, b: datetime) -> tuple[float, float]:
    """(up seconds, known seconds) by walking the inserted transitions minute-free."""
    up = known = 0.0
    for (t0, st), (t1, _) in zip(seq, seq[1:] + [(datetime.max.replace(tzinfo=UTC), "")],
                                 strict=False):
        lo, hi = max(t0, a), min(t1, b)
        if hi > lo:
            known += (hi - lo).total_seconds()
            if st in ("online", "recording"):
                up += (hi - lo).total_seconds()
    return up, known


# month:2026-11 = 15/10/2026 – 14/11/2026 local; previous = 15/09 – 14/10; last year 2025.
CASES = {
    "month:2026-11": ((date(2026, 10, 15), date(2026, 11, 15)),
                      (date(2026, 9, 15), date(2026, 10, 15)),
                      (date(2025, 10, 15), date(2025, 11, 15))),
    "year:2026": ((date(2025, 12, 15), date(2026, 12, 15)),
                  (date(2024, 12, 15), date(2025, 12, 15)),
                  (date(2024, 12, 15), date(2025, 12, 15))),
    "quarter:2026-Q1": ((date(2025, 12, 15), date(2026, 3, 15)),
                        (date(2025, 9, 15), date(2025, 12, 15)),
                        (date(2024, 12, 15), date(2025, 3, 15))),
}


@pytest.mark.parametrize("code", list(CASES))
def test_report_figures_match_independent_computation(db: Database, code: str,
                                                      tmp_path: Path) -> None:
    seeded = seed(db)
    (a, b), (pa, pb), (la, lb) = CASES[code]
    with db.read() as s:
        r = reports.build(s, parse(code), now=NOW, number="7/BC", leader_text="Ổn định.")
    cur, prev, ly = _count(seeded, a, b), _count(seeded, pa, pb), _count(seeded, la, lb)
    got = {row.key: (row.current, row.previous, row.last_year) for row in r.incidents}
    for cat in CATEGORIES:
        assert got.get(cat, (0, 0, 0)) == (cur.get(cat, 0), prev.get(cat, 0), ly.get(cat, 0))
    for row in r.incidents:
        if row.previous:
            assert row.vs_previous == pytest.approx(100 * (row.current - row.previous)
                                                    / row.previous)
    assert r.incidents_total[0] == sum(cur.values())

    start = datetime(a.year, a.month, a.day, tzinfo=VN).astimezone(UTC)
    end = datetime(b.year, b.month, b.day, tzinfo=VN).astimezone(UTC)
    ups = {c.code: (c.up_s, c.known_s) for c in r.cameras}
    tot_up = tot_known = 0.0
    for cam_code, seq in seeded.events.items():
        up, known = _up(seq, start, end)
        assert ups[cam_code] == pytest.approx((up, known), abs=1e-3)
        tot_up, tot_known = tot_up + up, tot_known + known
    assert r.overall_availability == pytest.approx(100 * tot_up / tot_known)

    received = [x for x in seeded.tips if start <= x[0] < end]
    cutoff = min(end, NOW)
    assert r.tips == reports.TipFigures(
        len(received), sum(1 for x in received if x[2] is not None),
        sum(1 for x in received if x[2] is not None and x[2] <= x[1]),
        sum(1 for x in received if x[1] < cutoff and (x[2] is None or x[2] > x[1])),
        sum(1 for x in received if x[3] is not None and x[3] < end))

    seats = [x for x in seeded.seats if start <= x[0] < min(end, NOW)]
    late = timedelta(minutes=15)
    assert r.shifts == reports.ShiftFigures(
        len(seats), sum(1 for _, c in seats if c is not None),
        sum(1 for a, c in seats if c is not None and c > a + late),
        sum(1 for a, c in seats if c is None and a + late < min(end, NOW)))

    # patrols: local Monday weeks that start inside the period
    mondays = []
    d = a + timedelta(days=(7 - a.weekday()) % 7)
    while d < b:
        mondays.append(d)
        d += timedelta(days=7)
    want = [sum(1 for t in seeded.patrols if m <= _local_date(t) < m + timedelta(days=7))
            for m in mondays]
    assert [w.count for w in r.patrol_weeks] == want
    assert r.weeks_on_target == sum(1 for n in want if n >= 2)

    p = {"a": start.replace(tzinfo=None), "b": end.replace(tzinfo=None)}
    with db.read() as s:
        q = lambda sql: s.execute(text(sql), p).scalar()  # noqa: E731
        assert len(r.meetings) == q("SELECT count(*) FROM meeting WHERE held_at >= :a "
                                    "AND held_at < :b")
        assert r.decisions_made == q(
            "SELECT count(*) FROM meeting_decision d JOIN meeting m ON m.id = d.meeting_id "
            "WHERE m.held_at >= :a AND m.held_at < :b")
        assert r.decisions_open == q("SELECT count(*) FROM meeting_decision "
                                     "WHERE done_at IS NULL")
        assert r.faults_reported == q("SELECT count(*) FROM camera_fault WHERE state <> "
                                      "'dismissed' AND reported_at >= :a AND reported_at < :b")
        assert r.faults_closed == q("SELECT count(*) FROM camera_fault WHERE state = 'closed' "
                                    "AND closed_at >= :a AND closed_at < :b")
        assert r.repair_cost_vnd == q("SELECT coalesce(sum(cost_vnd), 0) FROM camera_fault "
                                      "WHERE state = 'closed' AND closed_at >= :a "
                                      "AND closed_at < :b")
        assert r.extractions == {
            "requested": q("SELECT count(*) FROM export WHERE created_at >= :a "
                           "AND created_at < :b"),
            "completed": q("SELECT count(*) FROM export WHERE status = 'completed' "
                           "AND created_at >= :a AND created_at < :b"),
            "refused": q("SELECT count(*) FROM export WHERE status = 'refused' "
                         "AND created_at >= :a AND created_at < :b")}

    # the CSV carries every figure, with a BOM
    out = tmp_path / "r.csv"
    csvfile.write(r, out)
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert rows[0] == ["section", "key", "label", "value"]
    by_key = {(x[0], x[1]): x[3] for x in rows[1:]}
    assert by_key[("report", "period")] == code
    assert by_key[("incidents", "total.current")] == str(sum(cur.values()))
    assert by_key[("patrols", "total")] == str(sum(want))
    assert len(rows) - 7 == len(r.figures())


def test_boundary_incidents_fall_in_the_right_month(db: Database) -> None:
    seed(db, n_incidents=0)
    with db.read() as s:
        nov = reports.build(s, parse("month:2026-11"), now=NOW)
        dec = reports.build(s, parse("month:2026-12"), now=NOW)
    # 15/10 00:00 and 14/11 23:59:59 local are in November's report, 15/11 00:00 is not
    assert nov.incidents_total[0] == 2 and dec.incidents_total[0] == 1
    assert nov.shifts is not None and nov.shifts.planned > 0


def test_report_pdf_renders_every_section(db: Database, tmp_path: Path) -> None:
    import shutil
    import subprocess

    seed(db, n_incidents=300)
    with db.read() as s:
        r = reports.build(s, parse("year:2026"), now=NOW, number="12/BC-CAX",
                          leader_text="Tình hình an ninh trật tự ổn định.\nĐề nghị bổ sung "
                          "camera ở ngã ba Đồng Chùa.", signer="Trần Thị Hồng Nhung")
    pdf = tmp_path / "r.pdf"
    write_report(r, pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext"):
        txt = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                             text=True, check=True).stdout
        for needle in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập – Tự do – Hạnh phúc",
                       "Số: 12/BC-CAX", "BÁO CÁO", "năm 2026", "Trộm cắp tài sản",
                       "THỦ TRƯỞNG ĐƠN VỊ", "Trần Thị Hồng Nhung", "ngã ba Đồng Chùa",
                       "Tiếp nhận", "Lượt trực theo lịch", "Trang 1/"):
            assert needle in txt, needle
