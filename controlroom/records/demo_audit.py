"""Demo: the post's signing key and a first signed audit checkpoint over everything the
other demo hooks seeded, so `controlroom audit verify` in a demo home shows an anchored
log (and each session start/end of the demo desk adds its own checkpoint)."""

from __future__ import annotations

from controlroom.paths import DataHome
from controlroom.records import audit_anchor
from controlroom.records.db import Database


def seed(db: Database, home: DataHome) -> None:
    audit_anchor.checkpoint(db, home, "demo: mở sổ / books opened", create_key=True)
