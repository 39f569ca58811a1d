"""Several processes (recorder, GUI, a second desk) write at once: the audit chain must
stay intact and no write may fail with 'database is locked'."""

from __future__ import annotations

import multiprocessing as mp

from controlroom.records import audit
from controlroom.records.db import Database, open_database


def _writer(url: str, who: str, n: int) -> None:
    db = open_database(url)
    for i in range(n):
        with db.session() as s:
            audit.record(s, who, "test.concurrent", "n", i)
    db.dispose()


def test_parallel_writers_keep_the_chain(db: Database) -> None:
    ctx = mp.get_context("spawn")
    procs = [ctx.Process(target=_writer, args=(db.url, f"desk{k}", 40)) for k in range(3)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
        assert p.exitcode == 0
    with db.read() as s:
        result = audit.verify(s)
    assert result.ok and result.rows == 120
