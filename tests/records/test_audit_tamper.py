"""Fault-and-abuse suite for the audit log: every row operation someone with write
access to the database can do — edit any column, delete, reorder, truncate, wipe, roll
the head back, rewrite history with every hash recomputed — is reported by
`audit_anchor.verify` once a signed checkpoint covers the rows (hypothesis draws
sequences of operations; each example runs on a fresh copy of the same database)."""

from __future__ import annotations

import sqlite3
import tempfile
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from controlroom.paths import DataHome
from controlroom.records import audit, audit_anchor
from controlroom.records.db import Database, open_database

N = 13  # 12 events + key.create; the checkpoint covers them all
COLUMNS = ("ts", "actor", "action", "object_type", "object_id", "detail", "prev_hash", "hash")


@pytest.fixture
def anchored_file(sqlite_db: Database, home: DataHome) -> Iterator[Path]:
    with sqlite_db.session() as s:
        for i in range(N - 1):
            audit.record(s, "canbo1", "test.event", "thing", i, note=f"Nội dung {i} — Đức")
    cp = audit_anchor.checkpoint(sqlite_db, home, "giao ca", create_key=True)
    assert cp.head_id == N
    sqlite_db.engine.dispose()  # everything in the main file, nothing in the WAL
    yield home.database


def _rows(c: sqlite3.Connection) -> list[tuple[Any, ...]]:
    return [*c.execute("SELECT * FROM audit_log ORDER BY id"),
            *c.execute("SELECT * FROM audit_head")]


def _recompute_from(c: sqlite3.Connection, start: int) -> None:
    """A forger who knows the chain (there is no secret in it) re-hashes every row from
    `start` on and moves the head: the chain alone is whole again."""
    prev = audit.GENESIS
    for rid, ts, actor, action, ot, oid, detail in c.execute(
            "SELECT id, ts, actor, action, object_type, object_id, detail FROM audit_log "
            "ORDER BY id").fetchall():
        if rid >= start:
            h = audit.row_hash(prev, rid, datetime.fromisoformat(ts), actor, action, ot, oid,
                               detail)
            c.execute("UPDATE audit_log SET prev_hash = ?, hash = ? WHERE id = ?", (prev, h, rid))
        prev = c.execute("SELECT hash FROM audit_log WHERE id = ?", (rid,)).fetchone()[0]
    last = c.execute("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    c.execute("DELETE FROM audit_head")
    if last:
        c.execute("INSERT INTO audit_head (id, last_id, last_hash) VALUES (1, ?, ?)", last)


def _apply(c: sqlite3.Connection, op: tuple[Any, ...]) -> None:
    kind = op[0]
    if kind == "edit":
        _, rid, col, value = op
        if col == "ts":
            old = c.execute("SELECT ts FROM audit_log WHERE id = ?", (rid,)).fetchone()
            if old:
                value = str(datetime.fromisoformat(old[0]) + timedelta(microseconds=value))
        c.execute(f"UPDATE audit_log SET {col} = ? WHERE id = ?", (value, rid))
    elif kind == "delete":
        c.execute("DELETE FROM audit_log WHERE id = ?", (op[1],))
    elif kind == "swap":
        _, a, b = op
        c.execute("UPDATE audit_log SET id = -1 WHERE id = ?", (a,))
        c.execute("UPDATE audit_log SET id = ? WHERE id = ?", (a, b))
        c.execute("UPDATE audit_log SET id = ? WHERE id = -1", (b,))
    elif kind in ("truncate", "wipe"):
        keep = op[1] if kind == "truncate" else 0
        c.execute("DELETE FROM audit_log WHERE id > ?", (keep,))
        head = op[-1]
        if head == "delete":
            c.execute("DELETE FROM audit_head")
        elif head == "rollback":  # head moved back onto the new last row
            last = c.execute("SELECT id, hash FROM audit_log ORDER BY id DESC "
                             "LIMIT 1").fetchone() or (0, audit.GENESIS)
            c.execute("UPDATE audit_head SET last_id = ?, last_hash = ?", last)
    elif kind == "rewrite":
        _, rid, value = op
        c.execute("UPDATE audit_log SET detail = ? WHERE id = ?", (value, rid))
        _recompute_from(c, rid)
    elif kind == "rehash_all":
        _recompute_from(c, 1)


ids = st.integers(1, N)
heads = st.sampled_from(["keep", "delete", "rollback"])
OPS = st.one_of(
    st.tuples(st.just("edit"), ids, st.sampled_from(COLUMNS[1:]), st.text(max_size=6)),
    st.tuples(st.just("edit"), ids, st.just("ts"), st.integers(-10**9, 10**9).filter(bool)),
    st.tuples(st.just("delete"), ids),
    st.tuples(st.just("swap"), ids, ids).filter(lambda t: t[1] != t[2]),
    st.tuples(st.just("truncate"), st.integers(0, N - 1), heads),
    st.tuples(st.just("wipe"), heads),
    st.tuples(st.just("rewrite"), ids, st.text(min_size=1, max_size=6)),
)


def _tampered_copy(src: Path, ops: list[tuple[Any, ...]], dest: Path) -> bool:
    """Copy the database, apply `ops`; False when they changed nothing."""
    with sqlite3.connect(src) as a, sqlite3.connect(dest) as b:
        a.backup(b)
    with sqlite3.connect(dest) as c:
        before = _rows(c)
        for op in ops:
            _apply(c, op)
        return _rows(c) != before


def _report(db_file: Path, home: DataHome) -> audit_anchor.AnchorReport:
    db = open_database(f"sqlite:///{db_file}")
    try:
        with db.read() as s:
            return audit_anchor.verify(s, home)
    finally:
        db.dispose()


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=st.lists(OPS, min_size=1, max_size=3))
def test_every_row_operation_is_detected(anchored_file: Path, home: DataHome,
                                         ops: list[tuple[Any, ...]]) -> None:
    with tempfile.TemporaryDirectory() as d:
        copy = Path(d) / "tampered.sqlite3"
        assume(_tampered_copy(anchored_file, ops, copy))
        rep = _report(copy, home)
        assert not rep.ok, ops


@pytest.mark.parametrize("op", [
    ("truncate", 11, "delete"),  # the issue's `delete ... where id > 11; delete from audit_head`
    ("truncate", N - 1, "rollback"),  # last row deleted and audit_head moved back
    ("wipe", "delete"),  # everything deleted
    ("rewrite", 5, "sửa"),  # history rewritten with every hash recomputed
    ("rehash_all",),  # the whole chain re-hashed from genesis (nothing changed but hashes)
])
def test_named_attacks_are_detected_with_their_checkpoint(anchored_file: Path, home: DataHome,
                                                          tmp_path: Path,
                                                          op: tuple[Any, ...]) -> None:
    copy = tmp_path / "t.sqlite3"
    _tampered_copy(anchored_file, [op], copy)
    rep = _report(copy, home)
    if op[0] == "rehash_all":  # identical hashes: nothing to see, and nothing was changed
        assert rep.ok
        return
    assert rep.chain.ok == (op[-1] != "delete" or op[0] == "wipe")  # mostly fooled...
    assert not rep.ok and rep.contradicted is not None  # ...the checkpoint is not
    assert rep.contradicted.checkpoint is not None and rep.contradicted.checkpoint.seq == 1


def test_untouched_copy_verifies(anchored_file: Path, home: DataHome, tmp_path: Path) -> None:
    copy = tmp_path / "t.sqlite3"
    assert not _tampered_copy(anchored_file, [], copy)
    rep = _report(copy, home)
    assert rep.ok and rep.latest is not None and rep.latest.head_id == N
