"""The demo's last hook anchors what the others seeded."""

from __future__ import annotations

from controlroom import demo
from controlroom.paths import DataHome
from controlroom.records import audit_anchor
from controlroom.records.db import Database


def test_demo_log_is_anchored(sqlite_db: Database, home: DataHome) -> None:
    assert demo.DEMO_HOOKS[-1] == "controlroom.records.demo_audit"
    d = demo.create_demo(sqlite_db, home, hooks=["controlroom.records.demo_audit"])
    assert d.hooks_run == ["controlroom.records.demo_audit"]
    cp = audit_anchor.latest_checkpoint(home)
    assert cp is not None and cp["reason"].startswith("demo:")
    with sqlite_db.read() as s:
        rep = audit_anchor.verify(s, home)
    assert rep.ok and rep.latest is not None and rep.latest.head_id == rep.last_id
