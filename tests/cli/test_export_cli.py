"""The real `controlroom export` and `controlroom verify` commands in a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest

from controlroom.errors import ExitCode
from controlroom.evidence import rules
from controlroom.records import exports
from controlroom.records.db import Database
from controlroom.timeutil import format_local, utcnow
from tests.evidence import fixtures
from tests.evidence.fixtures import ADMIN_PW, LEADER_PW, OFFICER_PW, T0, Recorded

recorded = fixtures.recorded
segment_files = fixtures.segment_files


def _export(cli: object, dest: Path, *extra: str, pw: str = f"{ADMIN_PW}\n{LEADER_PW}\n",
            officer: str = "lan", end: str = "22/11/2026 08:00:15", ref: str = "Công văn 15/CAX"):
    return cli("export", "--camera", "Cổng chợ Đông", "--start", "22/11/2026 08:00:02",  # type: ignore[operator]
               "--end", end, "--dest", str(dest), "--officer", officer,
               "--request-ref", ref, "--reason", "Điều tra vụ trộm xe máy",
               "--witness", "Lê Thị Mận", "--seal", "NP-7", "--password-stdin", *extra,
               input=pw)


def test_export_then_verify_and_tamper(recorded: Recorded, cli: object, tmp_path: Path) -> None:
    dest = tmp_path / "usb"
    dest.mkdir()
    out = _export(cli, dest, "--approver", "hang")
    assert out.returncode == 0, out
    assert "An toàn để rút USB" in out.stdout
    (folder,) = list(dest.iterdir())
    assert folder.name == "20261122-0800_Cong_van_15_CAX_CAM-01"
    ok = cli("verify", str(folder))  # type: ignore[operator]
    assert ok.returncode == 0, ok
    assert "KẾT QUẢ: ĐẠT" in ok.stdout and "là khóa hiện hành của đơn vị này" in ok.stdout
    assert ADMIN_PW not in out.stdout + out.stderr and LEADER_PW not in out.stdout + out.stderr

    master = sorted((folder / "master" / "CAM-01").iterdir())[0]
    data = bytearray(master.read_bytes())
    data[len(data) // 2] ^= 0x40
    master.write_bytes(bytes(data))
    (folder / "ghi_chu.txt").write_text("thêm vào")
    (folder / "README.txt").unlink()
    bad = cli("--lang", "en", "verify", str(folder))  # type: ignore[operator]
    assert bad.returncode == ExitCode.NOT_VERIFIED, bad
    rel = master.relative_to(folder).as_posix()
    assert f"{rel}: CHANGED" in bad.stdout
    assert "ghi_chu.txt: EXTRA" in bad.stdout
    assert "README.txt: MISSING" in bad.stdout
    assert "RESULT: NOT VERIFIED" in bad.stdout


def test_wrong_password_and_pending(recorded: Recorded, cli: object, tmp_path: Path,
                                    db: Database) -> None:
    wrong = _export(cli, tmp_path, "--approver", "hang", pw=f"{ADMIN_PW}\nsai-mat-khau\n")
    assert wrong.returncode == ExitCode.AUTH and "Sai tên đăng nhập hoặc mật khẩu" in wrong.stderr
    pending = _export(cli, tmp_path, pw=f"{ADMIN_PW}\n")
    assert pending.returncode == 0 and "chờ lãnh đạo duyệt" in pending.stdout
    listing = cli("exports", "--status", "pending")  # type: ignore[operator]
    assert "0001/BB-TXDL" in listing.stdout and "pending" in listing.stdout
    assert not [p for p in tmp_path.iterdir() if p.name != "home"]


def test_officer_cannot_approve(recorded: Recorded, cli: object, tmp_path: Path) -> None:
    out = _export(cli, tmp_path, "--approver", "duc", pw=f"{ADMIN_PW}\n{OFFICER_PW}\n")
    assert out.returncode == ExitCode.PERMISSION_DENIED and "tổ trưởng" in out.stderr


def test_help_documents_every_option(cli: object) -> None:
    out = cli("export", "--help")  # type: ignore[operator]
    assert out.returncode == 0
    text = " ".join(out.stdout.split()).split("options:")[1]
    for opt, words in (("--end END", "không được ở tương lai"),
                       ("--reason REASON", "lý do trích xuất"),
                       ("--agency AGENCY", "cơ quan đề nghị"),
                       ("--witness WITNESS", "người chứng kiến"),
                       ("--password-stdin", "mỗi dòng một mật khẩu"),
                       ("--request SỐ/NUMBER", "chỉ người đề nghị")):
        at = text.index(f"{opt} ")
        assert words in text[at:at + 200], opt


def test_approved_request_is_executed_by_number_once(recorded: Recorded, cli: object,
                                                      tmp_path: Path) -> None:
    dest = tmp_path / "usb"
    dest.mkdir()
    queued = _export(cli, dest, pw=f"{ADMIN_PW}\n")
    assert queued.returncode == 0 and "--request 1 " in queued.stdout, queued
    with recorded.db.session() as s:
        rules.approve(s, recorded.leader, 1)
    mixed = cli("export", "--request", "1", "--camera", "CAM-02", "--dest", str(dest),  # type: ignore[operator]
                "--officer", "lan", "--password-stdin", input=f"{ADMIN_PW}\n")
    assert mixed.returncode == ExitCode.INVALID_INPUT and "--camera" in mixed.stderr
    other = cli("export", "--request", "1", "--dest", str(dest), "--officer", "hang",  # type: ignore[operator]
                "--password-stdin", input=f"{LEADER_PW}\n")
    assert other.returncode == ExitCode.PERMISSION_DENIED
    assert "Chỉ người đề nghị (Phạm Thị Lan)" in other.stderr
    run = cli("export", "--request", "0001/BB-TXDL", "--dest", str(dest), "--officer", "lan",  # type: ignore[operator]
              "--password-stdin", input=f"{ADMIN_PW}\n")
    assert run.returncode == 0 and "An toàn để rút USB" in run.stdout, run
    assert [p.name for p in dest.iterdir()] == ["20261122-0800_Cong_van_15_CAX_CAM-01"]
    again = cli("export", "--request", "1", "--dest", str(dest), "--officer", "lan",  # type: ignore[operator]
                "--password-stdin", input=f"{ADMIN_PW}\n")
    assert again.returncode == ExitCode.INVALID_INPUT and "chỉ thực hiện một lần" in again.stderr
    assert len(list(dest.iterdir())) == 1
    with recorded.db.read() as s:
        assert exports.get(s, 1).status == "completed"


def test_four_eyes_rule_is_a_setting(recorded: Recorded, cli: object, tmp_path: Path) -> None:
    own = _export(cli, tmp_path, "--approver", "lan", pw=f"{ADMIN_PW}\n{ADMIN_PW}\n")
    assert own.returncode == ExitCode.PERMISSION_DENIED, own
    assert "nguyên tắc hai người" in own.stderr
    assert "0001" not in cli("exports").stdout  # type: ignore[operator]
    assert cli("settings", "set", "export_four_eyes", "false").returncode == 0  # type: ignore[operator]
    ok = _export(cli, tmp_path, "--approver", "lan", pw=f"{ADMIN_PW}\n{ADMIN_PW}\n")
    assert ok.returncode == 0, ok


def test_officer_writes_only_to_removable_drives(recorded: Recorded, cli: object,
                                                 tmp_path: Path) -> None:
    dest = tmp_path / "disk"
    dest.mkdir()
    out = _export(cli, dest, "--approver", "hang", officer="duc",
                  pw=f"{OFFICER_PW}\n{LEADER_PW}\n")
    assert out.returncode == ExitCode.PERMISSION_DENIED, out
    assert "chỉ được trích xuất ra ổ rời" in out.stderr
    assert list(dest.iterdir()) == []
    with recorded.db.read() as s:
        assert exports.list_exports(s) == []  # refused before a request was made
    eid = recorded.approved(T0, T0 + timedelta(seconds=15))
    run = cli("export", "--request", str(eid), "--dest", str(dest), "--officer", "duc",  # type: ignore[operator]
              "--password-stdin", input=f"{OFFICER_PW}\n")
    assert run.returncode == ExitCode.PERMISSION_DENIED and "ổ rời" in run.stderr
    with recorded.db.read() as s:
        assert exports.get(s, eid).status == "approved"  # still executable onto a USB drive


def test_future_end_and_long_reference_are_refused(recorded: Recorded, cli: object,
                                                   tmp_path: Path) -> None:
    later = format_local(utcnow() + timedelta(minutes=3))
    out = _export(cli, tmp_path, "--approver", "hang", end=later)
    assert out.returncode == ExitCode.INVALID_INPUT and "còn ở tương lai" in out.stderr, out
    ref = "Công văn số 15/CAX-ĐTHS ngày 20/11/2026 của Cơ quan CSĐT " * 5
    long = _export(cli, tmp_path, "--approver", "hang", ref=ref)
    assert long.returncode == ExitCode.INVALID_INPUT
    assert "quá dài" in long.stderr and "tối đa 200" in long.stderr
    with recorded.db.read() as s:
        assert exports.list_exports(s) == []


def _wait_reading_stdin(pid: int) -> None:
    """Until the process blocks reading fd 0 (the passwords): it has chosen its drive."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            call = Path(f"/proc/{pid}/syscall").read_text().split()
        except OSError:
            return
        if call and call[0] == "0" and call[1] == "0x0":
            return
        time.sleep(0.05)
    raise AssertionError("the export never asked for its passwords")


@pytest.mark.skipif(os.geteuid() != 0, reason="mounting needs root")
def test_drive_unmounted_after_choosing_is_never_written(recorded: Recorded,
                                                         tmp_path: Path) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", str(usb)], check=True)
    try:
        proc = subprocess.Popen(
            [sys.executable, "-m", "controlroom", "export", "--camera", "CAM-01", "--start",
             "22/11/2026 08:00:00", "--end", "22/11/2026 08:00:40", "--dest", str(usb),
             "--officer", "lan", "--approver", "hang", "--request-ref", "CV 15",
             "--reason", "Điều tra", "--password-stdin"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        _wait_reading_stdin(proc.pid)
    finally:
        subprocess.run(["umount", "-l", str(usb)], check=True)  # the USB is pulled
    out, err = proc.communicate(f"{ADMIN_PW}\n{LEADER_PW}\n", timeout=120)
    assert proc.returncode == ExitCode.EXPORT_FAILED, (out, err)
    assert "không còn là ổ đã chọn" in err and "An toàn" not in out
    assert list(usb.iterdir()) == []  # nothing on the system disk's bare mount point
    with recorded.db.read() as s:
        (exp,) = exports.list_exports(s)
        assert exp.status == "approved"  # refused at the door: still executable later
