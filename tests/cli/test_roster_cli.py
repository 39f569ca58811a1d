"""`controlroom officer …` and `controlroom roster …` as real subprocesses."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from controlroom.paths import DataHome


def _init(cli: Any) -> None:
    r = cli("init", "--admin", "quantri", "--password-stdin", input="quantri-Mk2026\n")
    assert r.returncode == 0, r


def test_roster_round_trip(cli: Any, home: DataHome, tmp_path: Path) -> None:
    _init(cli)
    names = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Minh Dũng",
             "Hoàng Thị Em", "Vũ Đức Giang"]
    for i, n in enumerate(names):
        r = cli("officer", "add", n, "--rank", "Trung úy", "--phone", f"09120000{i}",
                "--posts", "desk,leader" if i < 4 else "desk")
        assert r.returncode == 0, r
    assert cli("officer", "add", "X", "--posts", "cook").returncode == 2
    listed = json.loads(cli("officer", "list", "--json").stdout)
    assert {o["name"] for o in listed} == set(names)
    r = cli("roster", "generate", "--month", "2027-02", "--seconds", "4")
    assert r.returncode == 0 and "112/112" in r.stdout, r
    assert cli("roster", "check", "--month", "2027-02").returncode == 0
    doc = json.loads(cli("roster", "show", "--month", "2027-02", "--json").stdout)
    a = doc["assignments"]
    assert len(a) == 112 and set(a[0]) >= {"officer", "post", "start", "end"}
    assert a[0]["officer"] in names and a[1]["start"].endswith("+07:00")
    csv_path, pdf_path = tmp_path / "lich.csv", tmp_path / "lich.pdf"
    assert cli("roster", "csv", "--month", "2027-02", "--out", str(csv_path)).returncode == 0
    raw = csv_path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and "Trực chỉ huy".encode() in raw
    assert cli("roster", "pdf", "--month", "2027-02", "--out", str(pdf_path)).returncode == 0
    assert pdf_path.read_bytes().startswith(b"%PDF")
    assert cli("roster", "publish", "--month", "2027-02").returncode == 0
    r = cli("roster", "generate", "--month", "2027-02", "--seconds", "1")
    assert r.returncode == 20, r
    # someone falls ill: the published month now breaks a rule; check says so
    assert cli("officer", "leave", "Nguyễn Văn An", "--from", "10/02/2027", "--to",
               "12/02/2027", "--reason", "Sốt", "--kind", "sick").returncode == 0
    r = cli("roster", "check", "--month", "2027-02")
    assert r.returncode == 22 and "on_leave" in r.stdout, r
    r = cli("roster", "repair", "--month", "2027-02", "--seconds", "4", "--apply",
            "--reason", "An ốm")
    assert r.returncode == 0 and "→" in r.stdout, r
    assert cli("roster", "check", "--month", "2027-02").returncode == 0
    r = cli("roster", "balance", "--month", "2027-02", "--json")
    assert {b["officer"] for b in json.loads(r.stdout)} == set(names)
    assert "Tết" in cli("roster", "holidays", "--year", "2027").stdout


def test_automatic_check_in_is_turned_off_from_the_command_line(cli: Any, home: DataHome
                                                                ) -> None:
    _init(cli)
    assert cli("settings", "get", "roster_auto_checkin").stdout.strip() == "True"
    r = cli("settings", "set", "roster_auto_checkin", "false")
    assert r.returncode == 0, r
    assert cli("settings", "get", "roster_auto_checkin").stdout.strip() == "False"
    assert cli("settings", "set", "roster_auto_checkin", "maybe").returncode != 0
