"""The tip register: numbering, the vault (envelope encryption, rotation, erase), the
audited reveal, deadlines across month and year ends, and the byte-grep invariant: the
informant's identity is nowhere in clear (database file, WAL, backup, logs, exports)."""

from __future__ import annotations

import json
import logging
import sqlite3
import unicodedata
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from controlroom.errors import InvalidInput, PermissionDenied
from controlroom.paths import DataHome
from controlroom.records import audit, incidents, settings, tip_vault, tips, users
from controlroom.records.db import Database
from controlroom.records.models import AuditEntry, TipInformant
from controlroom.records.tip_vault import Informant
from controlroom.records.tips import Filter, Rules
from controlroom.records.users import SYSTEM, Identity
from tests.conftest import ADMIN_PW

OFFICER = Identity(2, "canbo1", "Lê Đức Thắng", "officer")
LEADER = Identity(3, "totruong", "Trần Thị Hồng Nhung", "leader")
ADMIN = Identity(1, "quantri", "Nguyễn Văn Quảng", "admin")
SECRET_NAME = "Hoàng Thị Bí Mật"
SECRET_PHONE = "0987654321"
SECRET_ID = "001199012345"
WHO = Informant(SECRET_NAME, SECRET_PHONE, "Số 7 ngõ Hạnh Phúc, thôn Đông", SECRET_ID)
T0 = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)


def _add(db: Database, home: DataHome, who: Informant | None = WHO, **kw: object) -> str:
    args: dict[str, object] = dict(channel="phone", received_at=T0,
                                   content="Có nhóm thanh niên tụ tập đánh bạc ở bãi sông")
    args.update(kw)
    with db.session() as s:
        return tips.add(s, OFFICER, home, informant=who, **args).number  # type: ignore[arg-type]


def test_numbers_identity_encrypted_and_reveal_for_a_leader(db: Database,
                                                           home: DataHome) -> None:
    n1 = _add(db, home)
    n2 = _add(db, home, who=None)
    assert (n1, n2) == ("TB-0001/2026", "TB-0002/2026")
    with db.read() as s:
        row = s.get(TipInformant, tips.get(s, n1).id)
        assert row is not None and SECRET_NAME.encode() not in row.ciphertext
        assert tips.get(s, n2).anonymous and s.get(TipInformant, tips.get(s, n2).id) is None
        listed = tips.list_rows(s, Filter(now=T0))
        assert [r.informant for r in listed] == ["", tips.MASK]
    who = tips.reveal(db, LEADER, home, "tb-1/2026", "Xác minh theo yêu cầu CQĐT")
    assert who == WHO
    assert tips.reveal(db, LEADER, home, n2, "kiểm tra") is None


def test_reveal_refused_without_leader_role_or_reason_and_audited(db: Database,
                                                                 home: DataHome) -> None:
    n = _add(db, home)
    with pytest.raises(PermissionDenied):
        tips.reveal(db, OFFICER, home, n, "tò mò")
    with pytest.raises(InvalidInput):
        tips.reveal(db, LEADER, home, n, "   ")
    tips.reveal(db, LEADER, home, n, "Phối hợp xác minh")
    with db.read() as s:
        entries = s.scalars(select(AuditEntry).where(AuditEntry.object_id == n)
                            .order_by(AuditEntry.id)).all()
        assert [e.action for e in entries] == ["tip.add", "tip.reveal_refused",
                                              "tip.reveal_refused", "tip.reveal"]
        assert [json.loads(e.detail).get("why") for e in entries[1:3]] == ["role", "no_reason"]
        assert json.loads(entries[-1].detail)["reason"] == "Phối hợp xác minh"
        assert entries[-1].actor == "totruong"
        assert audit.verify(s).ok


def test_reveal_audit_is_committed_before_decrypting(db: Database, home: DataHome,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    n = _add(db, home)
    seen: list[list[str]] = []
    real_load = tip_vault.load

    def spy(session: object, h: DataHome, tip_id: int) -> Informant | None:
        with db.read() as s2:  # another connection: sees only committed rows
            seen.append(list(s2.scalars(select(AuditEntry.action).order_by(AuditEntry.id))))
        return real_load(session, h, tip_id)  # type: ignore[arg-type]

    monkeypatch.setattr(tip_vault, "load", spy)
    assert tips.reveal(db, LEADER, home, n, "lý do") == WHO
    assert seen and seen[0][-1] == "tip.reveal"


def test_key_rotation_rewraps_and_keeps_identities(db: Database, home: DataHome) -> None:
    n = _add(db, home)
    with db.read() as s:
        before = s.get(TipInformant, tips.get(s, n).id)
        assert before is not None
        old_wrapped, old_ct, old_v = before.wrapped_key, before.ciphertext, before.key_version
    with pytest.raises(PermissionDenied), db.session() as s:
        tip_vault.rotate(s, LEADER, home)
    with db.session() as s:
        v = tip_vault.rotate(s, ADMIN, home)
    assert v == old_v + 1
    with db.read() as s:
        after = s.get(TipInformant, tips.get(s, n).id)
        assert after is not None and after.key_version == v
        assert after.wrapped_key != old_wrapped and after.ciphertext == old_ct
    n2 = _add(db, home, who=Informant("Người thứ hai", "0911000222"))
    assert tips.reveal(db, LEADER, home, n, "kiểm tra sau xoay khóa") == WHO
    assert tips.reveal(db, LEADER, home, n2, "kiểm tra") == Informant("Người thứ hai",
                                                                      "0911000222")
    with db.session() as s:
        assert tip_vault.purge_retired(s, ADMIN, home) == [old_v]
    assert tips.reveal(db, LEADER, home, n, "sau khi xóa khóa cũ") == WHO


@pytest.mark.parametrize(("received_local", "remote", "handoff_local", "resolve_local"), [
    ("31/12/2026 22:00", False, "01/01/2027 22:00", "20/01/2027 22:00"),
    ("31/12/2026 22:00", True, "02/01/2027 22:00", "20/01/2027 22:00"),
    ("28/02/2027 23:30", False, "01/03/2027 23:30", "20/03/2027 23:30"),
    ("15/02/2028 08:00", False, "16/02/2028 08:00", "06/03/2028 08:00"),  # leap year
    ("31/01/2027 00:30", True, "02/02/2027 00:30", "20/02/2027 00:30"),
    ("12/12/2026 07:00", False, "13/12/2026 07:00", "01/01/2027 07:00"),
])
def test_deadlines_across_month_and_year_ends(received_local: str, remote: bool,
                                              handoff_local: str, resolve_local: str) -> None:
    from controlroom.timeutil import format_local, parse_time

    r = Rules()
    received = parse_time(received_local)
    assert format_local(tips.handoff_due(received, remote, r), seconds=False) == handoff_local
    assert format_local(tips.resolve_due(received, r), seconds=False) == resolve_local


def test_reminders_overdue_transfer_extension_and_remote_setting(db: Database,
                                                                home: DataHome) -> None:
    with db.session() as s:
        settings.set_value(s, SYSTEM, "tip_remote_areas", "Bản Nà Hang, Thôn Khe Mạ")
    received = datetime(2026, 12, 31, 15, 0, tzinfo=UTC)  # 22:00 local, 31/12
    near = _add(db, home, received_at=received, area="Thôn Đông")
    far = _add(db, home, received_at=received, area="thon khe ma")
    with db.read() as s:
        assert tips.get(s, far).remote and not tips.get(s, near).remote

    def alerts_at(when: datetime) -> dict[str, list[str]]:
        with db.read() as s:
            return {r.number: r.alerts for r in tips.list_rows(s, Filter(now=when))}

    assert alerts_at(received + timedelta(hours=1)) == {near: [], far: []}
    assert alerts_at(received + timedelta(hours=19)) == {near: ["handoff_soon"], far: []}
    assert alerts_at(received + timedelta(hours=25)) == {near: ["handoff_overdue"], far: []}
    assert alerts_at(received + timedelta(hours=49)) == {near: ["handoff_overdue"],
                                                         far: ["handoff_overdue"]}
    with db.session() as s:
        tips.transfer(s, OFFICER, near, "Cơ quan CSĐT Công an huyện", "123/CV-CAX",
                      at=received + timedelta(hours=20))
    assert alerts_at(received + timedelta(days=18)) == {near: ["resolve_soon"],
                                                        far: ["handoff_overdue",
                                                              "resolve_soon"]}
    with db.read() as s:
        overdue = tips.list_rows(s, Filter(overdue=True, now=received + timedelta(days=18)))
        assert [r.number for r in overdue] == [far]
        assert {r.number for r in tips.deadline_alerts(s, received + timedelta(days=18))} == {
            near, far}
    with pytest.raises(PermissionDenied), db.session() as s:
        tips.extend(s, OFFICER, near, 30, "Điều 147 khoản 2 BLTTHS")
    with db.session() as s:
        tip = tips.extend(s, LEADER, near, 30, "Điều 147 khoản 2 BLTTHS: vụ việc phức tạp")
        from controlroom.timeutil import format_local
        assert format_local(tip.resolve_due, seconds=False) == "19/02/2027 22:00"
    assert alerts_at(received + timedelta(days=21))[near] == []
    with db.read() as s:
        d = tips.detail(s, near)
        assert d.transfers[0].ref == "123/CV-CAX" and d.extensions[0].days == 30


def test_link_to_incident_and_search_content(db: Database, home: DataHome) -> None:
    n = _add(db, home, content="Phát hiện đối tượng trộm chó ở thôn Đông")
    with db.session() as s:
        code = incidents.add(s, OFFICER, occurred_at=T0, category="trom_cap",
                             summary="Trộm chó").code
        tips.link_incident(s, OFFICER, n, code)
    with db.read() as s:
        assert incidents.detail(s, code).tip_numbers == [n]
        assert [r.number for r in tips.list_rows(s, Filter(text="trom cho", now=T0))] == [n]
        assert tips.list_rows(s, Filter(text="bi mat", now=T0)) == []  # identity not indexed


def _grep(paths: list[Path], needles: list[bytes]) -> list[str]:
    hits = []
    for p in paths:
        if p.is_file():
            data = p.read_bytes()
            hits += [f"{p.name}: {n!r}" for n in needles if n in data]
    return hits


def _needles() -> list[bytes]:
    out = []
    for text in (SECRET_NAME, SECRET_PHONE, SECRET_ID, "Bí Mật", "Hạnh Phúc"):
        for form in ("NFC", "NFD"):
            t = unicodedata.normalize(form, text)
            out += [t.encode("utf-8"), t.encode("utf-16-le")]
    out.append(b"Bi Mat")
    out.append(b"bi mat")
    return out


def test_identity_never_in_clear_anywhere(sqlite_db: Database, home: DataHome, cli: object,
                                          tmp_path: Path) -> None:
    db = sqlite_db
    log = logging.getLogger()
    handler = logging.FileHandler(home.logs / "test-debug.log", encoding="utf-8")
    log.addHandler(handler)
    old_level = log.level
    log.setLevel(logging.DEBUG)
    logging.getLogger("sqlalchemy.engine").setLevel(logging.DEBUG)
    try:
        with db.session() as s:
            users.create(s, SYSTEM, "totruong", ADMIN_PW, "leader")
        n = _add(db, home)
        tips.reveal(db, LEADER, home, n, "Xác minh")
        with db.session() as s:
            tips.transfer(s, OFFICER, n, "CQĐT huyện", "45/CV")
    finally:
        logging.getLogger("sqlalchemy.engine").setLevel(logging.WARNING)
        log.setLevel(old_level)
        log.removeHandler(handler)
        handler.close()
    run = cli  # type: ignore[assignment]
    backup = tmp_path / "backup.sqlite3"
    assert run("db", "backup", str(backup)).returncode == 0
    csv_path = tmp_path / "tips.csv"
    assert run("tip", "list", "--csv", str(csv_path)).returncode == 0
    listing = run("tip", "list", "--json")
    assert listing.returncode == 0 and tips.MASK in listing.stdout
    (tmp_path / "list.json").write_text(listing.stdout + listing.stderr, encoding="utf-8")
    bad = run("tip", "reveal", n, "--reason", "xem", "--user", "totruong", "--password-stdin",
              input="wrong-password\n")
    assert bad.returncode != 0
    (tmp_path / "bad.txt").write_text(bad.stdout + bad.stderr, encoding="utf-8")
    good = run("tip", "reveal", n, "--reason", "Theo yêu cầu", "--user", "totruong",
               "--password-stdin", input=ADMIN_PW + "\n")
    assert good.returncode == 0 and SECRET_PHONE in good.stdout  # only the reveal shows it
    files = [home.database, Path(f"{home.database}-wal"), backup, csv_path,
             tmp_path / "list.json", tmp_path / "bad.txt",
             *home.logs.rglob("*"), *home.config.rglob("*")]
    assert (home.logs / "test-debug.log").stat().st_size > 0
    # the grep sees real data: the tip's content (not secret) is found in the same files
    assert _grep([home.database, Path(f"{home.database}-wal")], ["bãi sông".encode()])
    assert _grep([backup], ["bãi sông".encode()]) and _grep([csv_path], ["bãi sông".encode()])
    assert _grep(files, _needles()) == []
    with db.read() as s:
        details = " ".join(s.scalars(select(AuditEntry.detail)))
        assert SECRET_NAME not in details and SECRET_PHONE not in details


def test_erased_identity_does_not_linger_in_free_pages(sqlite_db: Database,
                                                       home: DataHome) -> None:
    db = sqlite_db
    n = _add(db, home)
    with db.read() as s:
        row = s.get(TipInformant, tips.get(s, n).id)
        assert row is not None
        ciphertext = bytes(row.ciphertext)
    with pytest.raises(InvalidInput):
        tips.erase_informant(db, LEADER, n, " ")
    assert tips.erase_informant(db, LEADER, n, "Hết thời hạn lưu giữ")
    with db.read() as s:  # shown as anonymous from now on, not as a masked identity
        assert tips.get(s, n).anonymous
        assert [r.informant for r in tips.list_rows(s) if r.number == n] == [""]
    assert not tips.erase_informant(db, LEADER, n, "Lần nữa")
    db.dispose()
    con = sqlite3.connect(home.database)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    assert ciphertext[16:48] not in home.database.read_bytes()
    assert tips.reveal(db, LEADER, home, n, "kiểm tra") is None


def test_cli_add_list_transfer_reveal(db: Database, cli: object) -> None:
    run = cli  # type: ignore[assignment]
    with db.session() as s:
        users.create(s, SYSTEM, "totruong", ADMIN_PW, "leader")
        users.create(s, SYSTEM, "canbo1", ADMIN_PW, "officer")
    r = run("tip", "add", "--channel", "vneid", "--content", "Tố giác điểm bán ma túy",
            "--received", "31/12/2026 22:00", "--informant-name", SECRET_NAME,
            "--informant-phone", SECRET_PHONE)
    assert r.returncode == 0, r
    number = r.stdout.strip()
    assert number == "TB-0001/2026"
    r = run("tip", "list", "--overdue", "--json", "--now", "02/01/2027 08:00")
    doc = json.loads(r.stdout)
    assert [x["number"] for x in doc] == [number] and doc[0]["alerts"] == ["handoff_overdue"]
    assert SECRET_NAME not in r.stdout and doc[0]["informant"] == tips.MASK
    r = run("tip", "transfer", number, "--to", "CQCSĐT Công an huyện", "--ref", "12/CV",
            "--at", "01/01/2027 09:00")
    assert r.returncode == 0, r
    r = run("tip", "list", "--overdue", "--json", "--now", "02/01/2027 08:00")
    assert json.loads(r.stdout) == []
    r = run("tip", "reveal", number, "--reason", "tò mò", "--user", "canbo1",
            "--password-stdin", input=ADMIN_PW + "\n")
    assert r.returncode == 5 and SECRET_NAME not in r.stdout + r.stderr, r
    r = run("tip", "reveal", number, "--reason", "Phục vụ điều tra", "--user", "totruong",
            "--password-stdin", input=ADMIN_PW + "\n")
    assert r.returncode == 0 and SECRET_NAME in r.stdout and SECRET_PHONE in r.stdout, r
