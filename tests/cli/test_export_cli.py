"""The real `controlroom export` and `controlroom verify` commands in a subprocess."""

from __future__ import annotations

from pathlib import Path

from controlroom.errors import ExitCode
from controlroom.records.db import Database
from tests.evidence import fixtures
from tests.evidence.fixtures import LEADER_PW, OFFICER_PW, Recorded

recorded = fixtures.recorded
segment_files = fixtures.segment_files


def _export(cli: object, dest: Path, *extra: str, pw: str = f"{OFFICER_PW}\n{LEADER_PW}\n"):
    return cli("export", "--camera", "Cổng chợ Đông", "--start", "22/11/2026 08:00:02",  # type: ignore[operator]
               "--end", "22/11/2026 08:00:15", "--dest", str(dest), "--officer", "duc",
               "--request-ref", "Công văn 15/CAX", "--reason", "Điều tra vụ trộm xe máy",
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
    assert OFFICER_PW not in out.stdout + out.stderr and LEADER_PW not in out.stdout + out.stderr

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
    assert "RESULT: FAILED" in bad.stdout


def test_wrong_password_and_pending(recorded: Recorded, cli: object, tmp_path: Path,
                                    db: Database) -> None:
    wrong = _export(cli, tmp_path, "--approver", "hang", pw=f"{OFFICER_PW}\nsai-mat-khau\n")
    assert wrong.returncode == 4 and "Sai tên đăng nhập hoặc mật khẩu" in wrong.stderr
    pending = _export(cli, tmp_path, pw=f"{OFFICER_PW}\n")
    assert pending.returncode == 0 and "chờ lãnh đạo duyệt" in pending.stdout
    listing = cli("exports", "--status", "pending")  # type: ignore[operator]
    assert "0001/BB-TXDL" in listing.stdout and "pending" in listing.stdout
    assert not [p for p in tmp_path.iterdir() if p.name != "home"]


def test_officer_cannot_approve(recorded: Recorded, cli: object, tmp_path: Path) -> None:
    out = _export(cli, tmp_path, "--approver", "duc", pw=f"{OFFICER_PW}\n{OFFICER_PW}\n")
    assert out.returncode == 5 and "tổ trưởng" in out.stderr
