"""`controlroom tip erase-informant`: a leader, signed in, with a reason; audited."""

from __future__ import annotations

from sqlalchemy import select

from controlroom.records import tips, users
from controlroom.records.db import Database
from controlroom.records.models import AuditEntry, TipInformant
from controlroom.records.users import SYSTEM
from tests.conftest import ADMIN_PW


def test_cli_erase_informant_leader_only_with_reason_and_audited(db: Database,
                                                                 cli: object) -> None:
    run = cli  # type: ignore[assignment]
    with db.session() as s:
        users.create(s, SYSTEM, "totruong", ADMIN_PW, "leader")
        users.create(s, SYSTEM, "canbo1", ADMIN_PW, "officer")
    r = run("tip", "add", "--channel", "phone", "--content", "Báo có đánh bạc ở bãi sông",
            "--informant-name", "Nguyễn Thị Bích Ngọc", "--informant-phone", "0912345678")
    assert r.returncode == 0, r
    number = r.stdout.strip()
    # an officer is refused (permission exit code) and nothing is erased
    r = run("tip", "erase-informant", number, "--reason", "Hết hạn lưu", "--user", "canbo1",
            "--password-stdin", input=ADMIN_PW + "\n")
    assert r.returncode == 5, r
    # a blank reason is refused too
    r = run("tip", "erase-informant", number, "--reason", "  ", "--user", "totruong",
            "--password-stdin", input=ADMIN_PW + "\n")
    assert r.returncode != 0, r
    # a wrong password never reaches the register
    r = run("tip", "erase-informant", number, "--reason", "Hết hạn lưu", "--user", "totruong",
            "--password-stdin", input="sai-mat-khau\n")
    assert r.returncode != 0, r
    with db.read() as s:
        tip_id = tips.get(s, number).id
        assert s.get(TipInformant, tip_id) is not None
        assert s.scalar(select(AuditEntry).where(
            AuditEntry.action == "tip.erase_informant")) is None
        refused = s.scalars(select(AuditEntry).where(
            AuditEntry.action == "tip.erase_informant_refused").order_by(AuditEntry.id)).all()
        assert [(e.actor, e.object_id) for e in refused] == [("canbo1", number),
                                                              ("totruong", number)]
        assert '"role"' in refused[0].detail and '"no_reason"' in refused[1].detail
    r = run("tip", "erase-informant", number, "--reason", "Hết thời hạn lưu giữ",
            "--user", "totruong", "--password-stdin", input=ADMIN_PW + "\n")
    assert r.returncode == 0, r
    assert "Nguyễn Thị Bích Ngọc" not in r.stdout + r.stderr
    with db.read() as s:
        assert s.get(TipInformant, tip_id) is None
        entry = s.scalars(select(AuditEntry).where(
            AuditEntry.action == "tip.erase_informant")).one()
        assert entry.actor == "totruong" and entry.object_id == number
        assert "Hết thời hạn lưu giữ" in str(entry.detail)
    r = run("tip", "reveal", number, "--reason", "Kiểm tra", "--user", "totruong",
            "--password-stdin", input=ADMIN_PW + "\n")
    assert r.returncode == 0 and "0912345678" not in r.stdout, r
