from __future__ import annotations

from sqlalchemy import text

from controlroom.records import audit
from controlroom.records.db import Database


def _fill(db: Database, n: int = 5) -> None:
    with db.session() as s:
        for i in range(n):
            audit.record(s, "canbo1", "test.event", "thing", i, note=f"Nội dung {i} — trộm cắp")


def _verify(db: Database) -> audit.VerifyResult:
    with db.read() as s:
        return audit.verify(s)


def test_intact_chain_verifies(db: Database) -> None:
    _fill(db)
    r = _verify(db)
    assert r.ok and r.rows == 5


def test_edited_row_is_named(db: Database) -> None:
    _fill(db)
    with db.engine.begin() as c:
        c.execute(text("UPDATE audit_log SET actor = 'hacker' WHERE id = 3"))
    r = _verify(db)
    assert not r.ok and r.bad_id == 3 and r.problem == "altered"


def test_edited_detail_with_recomputed_hash_breaks_the_next_link(db: Database) -> None:
    _fill(db)
    with db.read() as s:
        e = s.get(audit.AuditEntry, 2)
        assert e is not None
        new_detail = '{"note": "sửa"}'
        new_hash = audit.row_hash(e.prev_hash, e.id, e.ts, e.actor, e.action, e.object_type,
                                  e.object_id, new_detail)
    with db.engine.begin() as c:
        c.execute(text("UPDATE audit_log SET detail = :d, hash = :h WHERE id = 2"),
                  {"d": new_detail, "h": new_hash})
    r = _verify(db)
    assert not r.ok and r.bad_id == 3


def test_deleted_row_is_named(db: Database) -> None:
    _fill(db)
    with db.engine.begin() as c:
        c.execute(text("DELETE FROM audit_log WHERE id = 3"))
    r = _verify(db)
    assert not r.ok and r.bad_id == 4 and r.problem == "deleted"


def test_deleted_tail_is_detected(db: Database) -> None:
    _fill(db)
    with db.engine.begin() as c:
        c.execute(text("DELETE FROM audit_log WHERE id = 5"))
    r = _verify(db)
    assert not r.ok and r.problem == "tail_deleted" and r.bad_id == 4


def test_reordered_rows_are_detected(db: Database) -> None:
    _fill(db)
    with db.engine.begin() as c:
        c.execute(text("UPDATE audit_log SET id = 100 WHERE id = 2"))
        c.execute(text("UPDATE audit_log SET id = 2 WHERE id = 3"))
        c.execute(text("UPDATE audit_log SET id = 3 WHERE id = 100"))
    r = _verify(db)
    assert not r.ok and r.bad_id == 2


def test_entry_is_part_of_the_callers_transaction(db: Database) -> None:
    try:
        with db.session() as s:
            audit.record(s, "canbo1", "test.rolledback")
            raise RuntimeError("boom")
    except RuntimeError:
        pass
    r = _verify(db)
    assert r.ok and r.rows == 0
