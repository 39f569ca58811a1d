"""The report's figures as CSV: UTF-8 with a byte-order mark so Excel on a Vietnamese
Windows opens the diacritics correctly; one row per figure, machine-readable numbers."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from controlroom.records.reports import Report
from controlroom.timeutil import format_local


def rows(report: Report) -> list[list[Any]]:
    p = report.period
    out: list[list[Any]] = [
        ["section", "key", "label", "value"],
        ["report", "period", "Kỳ báo cáo", p.code],
        ["report", "start_local", "Từ", f"{p.start_date:%d/%m/%Y} 00:00"],
        ["report", "end_local", "Đến", f"{p.last_date:%d/%m/%Y} 24:00"],
        ["report", "post", "Đơn vị", report.post_name],
        ["report", "number", "Số", report.number],
        ["report", "generated", "Lập lúc", format_local(report.generated_at)],
    ]
    for section, key, label, value in report.figures():
        out.append([section, key, label, "" if value is None else value])
    return out


def write(report: Report, path: Path) -> None:
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows(rows(report))
