"""The recorder anchors the audit log when it starts (off the recording path)."""

from __future__ import annotations

from typing import Any

from controlroom.evidence import keys
from controlroom.paths import DataHome
from controlroom.records import audit_anchor
from controlroom.records.db import Database
from controlroom.records.users import SYSTEM
from tests.video.recording_support import RecorderProcess, wait_for


def test_recorder_start_is_checkpointed(sqlite_db: Database, home: DataHome) -> None:
    keys.signer(sqlite_db, SYSTEM, home)

    def started() -> dict[str, Any] | None:
        cp = audit_anchor.latest_checkpoint(home)
        return cp if cp is not None and cp["reason"] == "recorder start" else None

    with RecorderProcess(home) as rec:
        cp = wait_for(started, 30, "recorder start checkpoint", rec)
    with sqlite_db.read() as s:
        rep = audit_anchor.verify(s, home)
    assert rep.ok and rep.latest is not None and rep.latest.as_dict() == cp


def test_recorder_does_not_load_cryptography() -> None:
    """Signing is done by a short-lived child: `cryptography` (~8 MB resident) stays out
    of the process that records for months (docs/benchmarks.md, issue 15b)."""
    import subprocess
    import sys

    code = ("import sys, controlroom.video.recorder; "
            "print(sorted(m for m in sys.modules if m.startswith('cryptography')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, timeout=120)
    assert out.stdout.strip() == "[]"
