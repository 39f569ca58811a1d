"""Signed audit checkpoints: every way of cutting, rolling back or wiping the audit log
that the hash chain alone cannot see is reported with the checkpoint it contradicts."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import text

from controlroom.evidence import keys
from controlroom.paths import DataHome
from controlroom.records import audit, audit_anchor
from controlroom.records.db import Database
from controlroom.records.models import AuditCheckpoint, SigningKey


def fill(db: Database, n: int, start: int = 0) -> None:
    with db.session() as s:
        for i in range(start, start + n):
            audit.record(s, "canbo1", "test.event", "thing", i, note=f"Nội dung {i} — trộm cắp")


def anchored(db: Database, home: DataHome, n: int = 20) -> audit_anchor.Checkpoint:
    fill(db, n)
    return audit_anchor.checkpoint(db, home, "giao ca", create_key=True)


def report(db: Database, home: DataHome, external: list = ()) -> audit_anchor.AnchorReport:  # type: ignore[assignment]
    with db.read() as s:
        return audit_anchor.verify(s, home, external)


def sql(db: Database, *stmts: str) -> None:
    with db.engine.begin() as c:
        for st in stmts:
            c.execute(text(st))


def kinds(rep: audit_anchor.AnchorReport) -> set[str]:
    return {f.kind for f in rep.findings}


def test_checkpoint_is_signed_appended_and_copied(db: Database, home: DataHome) -> None:
    cp = anchored(db, home)
    # key.create is row 21: the checkpoint anchors the newest row
    assert (cp.seq, cp.head_id) == (1, 21)
    line = audit_anchor.checkpoint_file(home).read_text("utf-8")
    assert line == cp.line + "\n"
    latest = audit_anchor.latest_checkpoint(home)
    assert latest == cp.as_dict()
    assert set(latest) >= {"seq", "head_id", "head_hash", "time", "key", "sig"}
    with db.read() as s:
        pub = keys.load_public_pem(keys.current_key(s).public_pem.encode())  # type: ignore[union-attr]
        row = s.query(AuditCheckpoint).one()
        assert row.line == cp.line and row.desk == audit_anchor.desk_id(home)
    assert audit_anchor.check_signature(latest, pub)
    assert not audit_anchor.check_signature({**latest, "head_id": 5}, pub)
    fill(db, 3)
    cp2 = audit_anchor.checkpoint(db, home, "xuất dữ liệu")
    assert cp2.seq == 2 and cp2.head_id == 24 and cp2.prev != audit_anchor.GENESIS
    rep = report(db, home)
    assert rep.ok, [str(f.text) for f in rep.findings]
    assert rep.checkpoints == 2 and rep.latest == cp2


def test_no_key_no_checkpoint_and_no_crash(db: Database, home: DataHome) -> None:
    fill(db, 2)
    with pytest.raises(audit_anchor.NotAnchored):
        audit_anchor.checkpoint(db, home, "phiên")
    assert audit_anchor.try_checkpoint(db, home, "phiên") is None
    assert audit_anchor.latest_checkpoint(home) is None
    with db.read() as s:
        assert s.query(SigningKey).count() == 0  # try_checkpoint never creates a key
    rep = report(db, home)
    assert rep.ok and rep.latest is None
    assert any("No audit checkpoint yet" in t.en for t in rep.lines())


def test_issue_scenario_tail_cut_and_head_deleted(db: Database, home: DataHome) -> None:
    """`delete from audit_log where id > 11; delete from audit_head` used to pass."""
    cp = anchored(db, home)
    sql(db, "DELETE FROM audit_log WHERE id > 11", "DELETE FROM audit_head")
    rep = report(db, home)
    assert not rep.ok
    worst = rep.contradicted
    assert worst is not None and worst.kind == "truncated" and worst.checkpoint == cp
    assert any("checkpoint #1" in t.en and "row 21" in t.en for t in rep.lines())


def test_head_rolled_back_with_last_row(db: Database, home: DataHome) -> None:
    anchored(db, home)
    with db.read() as s:
        prev = s.get(audit.AuditEntry, 20)
        assert prev is not None
        h = prev.hash
    sql(db, "DELETE FROM audit_log WHERE id = 21",
        f"UPDATE audit_head SET last_id = 20, last_hash = '{h}'")
    with db.read() as s:
        assert audit.verify(s).ok  # the chain alone cannot see it
    rep = report(db, home)
    assert not rep.ok and rep.contradicted is not None
    assert rep.contradicted.kind == "truncated"


def test_wiped_table(db: Database, home: DataHome) -> None:
    cp = anchored(db, home)
    sql(db, "DELETE FROM audit_log", "DELETE FROM audit_head")
    rep = report(db, home)
    assert rep.contradicted is not None and rep.contradicted.kind == "wiped"
    assert rep.contradicted.checkpoint == cp


def test_rollback_then_new_activity_is_a_rewrite(db: Database, home: DataHome) -> None:
    anchored(db, home)
    sql(db, "DELETE FROM audit_log WHERE id > 11", "DELETE FROM audit_head")
    fill(db, 15)  # ids 12 (head_rebuilt) .. 27 reused: the chain looks whole again
    with db.read() as s:
        assert audit.verify(s).ok
    rep = report(db, home)
    assert rep.contradicted is not None and rep.contradicted.kind == "rewritten"
    assert "head_rebuilt" in kinds(rep)


def test_newest_contradicted_checkpoint_is_named(db: Database, home: DataHome) -> None:
    anchored(db, home)
    fill(db, 5)
    cp2 = audit_anchor.checkpoint(db, home, "ca đêm")
    sql(db, "DELETE FROM audit_log WHERE id > 10", "DELETE FROM audit_head")
    rep = report(db, home)
    assert rep.contradicted is not None and rep.contradicted.checkpoint == cp2
    assert len([f for f in rep.findings if f.kind == "truncated"]) == 2


def test_missing_head_does_not_crash_audited_actions(db: Database, home: DataHome) -> None:
    fill(db, 5)
    sql(db, "DELETE FROM audit_head")
    fill(db, 1)  # used to raise IntegrityError
    with db.read() as s:
        rows = s.query(audit.AuditEntry).order_by(audit.AuditEntry.id).all()
        assert [r.action for r in rows[-2:]] == ["audit.head_rebuilt", "test.event"]
        assert audit.verify(s).ok
    assert "head_rebuilt" in kinds(report(db, home))


def test_head_moved_back_does_not_crash(db: Database, home: DataHome) -> None:
    fill(db, 5)
    sql(db, "UPDATE audit_head SET last_id = 2")
    with db.read() as s:
        assert audit.verify(s).problem == "head_behind"
    fill(db, 1)
    with db.read() as s:
        assert audit.verify(s).ok and s.get(audit.AuditEntry, 6).action == "audit.head_rebuilt"  # type: ignore[union-attr]


def test_head_deleted_is_reported_by_the_chain(db: Database) -> None:
    fill(db, 3)
    sql(db, "DELETE FROM audit_head")
    with db.read() as s:
        r = audit.verify(s)
    assert not r.ok and r.problem == "head_missing" and r.bad_id == 3


def test_checkpoint_file_deleted_or_cut(db: Database, home: DataHome) -> None:
    anchored(db, home)
    audit_anchor.checkpoint(db, home, "2")
    audit_anchor.checkpoint(db, home, "3")
    path = audit_anchor.checkpoint_file(home)
    lines = path.read_text("utf-8").splitlines(keepends=True)
    path.write_text(lines[0] + lines[2], "utf-8")  # middle line removed
    rep = report(db, home)
    assert {"file_gap", "file_missing"} <= kinds(rep)
    path.write_text(lines[0] + lines[1], "utf-8")  # tail cut
    assert kinds(report(db, home)) == {"file_missing"}
    path.unlink()
    rep = report(db, home)
    assert kinds(rep) == {"file_missing"} and len(rep.findings) == 3


def test_checkpoint_line_edited_or_forged(db: Database, home: DataHome) -> None:
    anchored(db, home)
    path = audit_anchor.checkpoint_file(home)
    doc = json.loads(path.read_text("utf-8"))
    path.write_text(audit_anchor.line_of({**doc, "head_id": 5}) + "\n", "utf-8")
    assert "bad_signature" in kinds(report(db, home))
    # a checkpoint signed by a key that is not the post's
    foreign = Ed25519PrivateKey.generate()
    fdoc = {**doc, "key": keys.fingerprint(foreign.public_key()), "head_id": 5}
    fdoc["sig"] = base64.b64encode(foreign.sign(audit_anchor.signed_bytes(fdoc))).decode()
    path.write_text(audit_anchor.line_of(fdoc) + "\n", "utf-8")
    assert "unknown_key" in kinds(report(db, home))


def test_database_copy_deleted_or_edited(db: Database, home: DataHome) -> None:
    anchored(db, home)
    audit_anchor.checkpoint(db, home, "2")
    sql(db, "DELETE FROM audit_checkpoint WHERE seq = 2")
    assert kinds(report(db, home)) == {"db_copy_missing"}
    sql(db, "UPDATE audit_checkpoint SET line = replace(line, 'giao ca', 'giao  ca')")
    assert {"bad_signature", "db_copy_missing"} <= kinds(report(db, home))


def test_new_checkpoint_after_a_cut_file_does_not_reuse_a_number(db: Database,
                                                                  home: DataHome) -> None:
    anchored(db, home)
    audit_anchor.checkpoint(db, home, "2")
    audit_anchor.checkpoint_file(home).unlink()
    cp = audit_anchor.checkpoint(db, home, "3")
    assert cp.seq == 3
    assert "file_missing" in kinds(report(db, home))


def test_export_copies_and_brought_checkpoints_anchor_a_wiped_desk(
        db: Database, home: DataHome, tmp_path: Path) -> None:
    """Whoever wipes the log, the checkpoint file and its table copies is still caught
    by the checkpoint inside an export's manifest (the post's copy, or one brought from
    the investigator's USB)."""
    cp = anchored(db, home)
    usb = tmp_path / "manifest.json"
    usb.write_text(json.dumps({"audit_checkpoint": cp.as_dict()}), "utf-8")
    local = home.root / "exports" / "abc" / "manifest.json"
    local.parent.mkdir(parents=True)
    local.write_text(json.dumps({"audit_checkpoint": cp.as_dict()}), "utf-8")
    audit_anchor.checkpoint_file(home).unlink()
    sql(db, "DELETE FROM audit_checkpoint", "DELETE FROM audit_log", "DELETE FROM audit_head")
    rep = report(db, home)
    assert rep.contradicted is not None and rep.contradicted.kind == "wiped"
    assert rep.contradicted.source == "exports/abc/manifest.json"
    local.unlink()
    assert report(db, home).ok  # nothing left on the machine: only what left it helps
    rep = report(db, home, audit_anchor.load_external(usb))
    assert rep.contradicted is not None and rep.contradicted.source == str(usb)
