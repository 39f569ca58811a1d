"""`patrol`, `meeting`, `maintenance` and `report` as real subprocesses."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

from controlroom.paths import DataHome
from controlroom.records.db import open_database
from controlroom.records.models import Camera, HealthEvent
from controlroom.timeutil import parse_time


def _init(cli: Any) -> None:
    assert cli("init", "--admin", "quantri", "--password-stdin",
               input="quantri-Mk2026\n").returncode == 0


def test_patrol_and_meeting_commands(cli: Any, home: DataHome, tmp_path: Path) -> None:
    _init(cli)
    r = cli("patrol", "add", "--start", "20/11/2026 19:00", "--end", "20/11/2026 22:00",
            "--leader", "Trần Văn Bình", "--member", "Lê Văn An:police",
            "--member", "Nguyễn Văn Cường:village_head", "--route", "Thôn 1 – chợ",
            "--findings", "Bình thường")
    assert r.returncode == 0, r
    assert "Thôn đội trưởng" in r.stderr  # warned, still recorded
    r = cli("patrol", "add", "--start", "x", "--end", "y", "--leader", "A")
    assert r.returncode == 2 and "Traceback" not in r.stderr
    listed = json.loads(cli("patrol", "list", "--json").stdout)
    assert listed[0]["route"] == "Thôn 1 – chợ" and listed[0]["missing"] == ["militia_head"]
    r = cli("meeting", "add", "--date", "27/11/2026 14:00", "--type", "monthly",
            "--chair", "Trần Văn Bình", "--secretary", "Lê Thị Hoa", "--attendee", "Lê Văn An",
            "--absentee", "Đặng Việt:đi học", "--content", "Đánh giá tháng 11",
            "--decision", "Sửa camera chợ|Lê Văn An|05/12/2026")
    assert r.returncode == 0, r
    assert "Sửa camera chợ" in cli("meeting", "list").stdout
    out = tmp_path / "bb.pdf"
    r = cli("meeting", "pdf", "1", "--out", str(out))
    assert r.returncode == 0, r
    assert out.read_bytes().startswith(b"%PDF")
    assert cli("meeting", "pdf", "9", "--out", str(out)).returncode == 6


def test_maintenance_and_report(cli: Any, home: DataHome, tmp_path: Path) -> None:
    _init(cli)
    db = open_database()
    with db.session() as s:
        cam = Camera(uid=str(uuid.uuid4()), name="Cổng chợ", code="CAM-01")
        s.add(cam)
        s.flush()
        for ts, st in (("2026-11-29T00:00Z", "recording"), ("2026-11-29T02:00Z", "offline"),
                       ("2026-11-29T04:00Z", "recording")):
            s.add(HealthEvent(camera_id=cam.id, ts=parse_time(ts), state=st))
    db.dispose()
    r = cli("maintenance", "add", "CAM-01", "--fault", "Mất hình ban đêm", "--cost", "200.000")
    assert r.returncode == 0, r
    assert cli("maintenance", "close", "1", "--action", "Thay nguồn").returncode == 0
    r = cli("maintenance", "suggest")
    assert r.returncode == 0 and "1" in r.stdout, r
    faults = json.loads(cli("maintenance", "list", "--json").stdout)
    assert {f["state"] for f in faults} == {"closed", "suggested"}
    sid = next(f["id"] for f in faults if f["state"] == "suggested")
    assert cli("maintenance", "suggest", "--confirm", str(sid)).returncode == 0
    pdf, csv_ = tmp_path / "bc.pdf", tmp_path / "bc.csv"
    r = cli("report", "--period", "month:2026-12", "--out", str(pdf), "--csv", str(csv_),
            "--number", "3/BC", "--json")
    assert r.returncode == 0, r
    figures = json.loads(r.stdout)
    assert figures["cameras.faults.reported"] == 2
    assert figures["tips.received"] == 0 and figures["shifts.planned"] == 0
    assert pdf.read_bytes().startswith(b"%PDF") and csv_.read_bytes()[:3] == b"\xef\xbb\xbf"
    r = cli("report", "--period", "month:2026-13", "--out", str(pdf))
    assert r.returncode == 2 and "month 13" in r.stderr and "Traceback" not in r.stderr
