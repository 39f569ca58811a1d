"""`controlroom verify` as a real subprocess: at the post (key register) and on an
investigator's computer (no database; the paper's fingerprint)."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from controlroom.evidence.export import run_export
from controlroom.evidence.manifest import README, SIG
from tests.evidence import fixtures, tamper
from tests.evidence.fixtures import T0, Recorded

recorded = fixtures.recorded
segment_files = fixtures.segment_files
pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
NOT_VERIFIED = 15


@pytest.fixture
def folder(recorded: Recorded, tmp_path: Path) -> Path:
    r = recorded
    usb = tmp_path / "usb"
    usb.mkdir()
    eid = r.approved(T0 + timedelta(seconds=2), T0 + timedelta(seconds=12))
    return run_export(r.db, r.officer, eid, usb, r.home).folder


def test_foreign_key_and_the_investigators_computer(cli: Any, folder: Path,
                                                    tmp_path: Path) -> None:
    ok = cli("--lang", "en", "verify", str(folder))
    assert ok.returncode == 0, ok
    assert "RESULT: VERIFIED" in ok.stdout and "is this post's current key" in ok.stdout
    fp = json.loads(cli("verify", "--json", str(folder)).stdout)["fingerprint"]

    # on an investigator's computer: no post database at all
    away = {"CONTROLROOM_HOME": str(tmp_path / "investigator")}
    r = cli("--lang", "en", "verify", str(folder), env=away)
    assert r.returncode == NOT_VERIFIED, r
    assert "RESULT: NOT VERIFIED" in r.stdout and "--expect-fingerprint" in r.stdout
    assert not (tmp_path / "investigator").exists()  # verify creates nothing there
    paper = "SHA256:" + " ".join(fp[i:i + 4] for i in range(0, 64, 4))
    r = cli("--lang", "en", "verify", str(folder), "--expect-fingerprint", paper, env=away)
    assert r.returncode == 0 and "MATCHES" in r.stdout, r
    r = cli("verify", str(folder), "--expect-fingerprint", "SHA256:1234", env=away)
    assert r.returncode == 2 and "64" in r.stderr and "Traceback" not in r.stderr

    # altered and re-signed with the attacker's own key, everything made consistent
    sign, pem = tamper.foreign_key()
    tamper.flip(next((folder / "master").rglob("*.mp4")), 4000)
    tamper.resign(folder, sign, pem)
    for env in (None, away):
        r = cli("--lang", "en", "verify", str(folder), env=env)
        assert r.returncode == NOT_VERIFIED and "RESULT: NOT VERIFIED" in r.stdout, r
        assert "Signature: VALID" in r.stdout
    assert "is NOT in this post's key register" in cli("--lang", "en", "verify",
                                                        str(folder)).stdout
    r = cli("--lang", "en", "verify", str(folder), "--expect-fingerprint", fp, env=away)
    assert r.returncode == NOT_VERIFIED and "DIFFERS" in r.stdout, r
    data = json.loads(cli("verify", "--json", str(folder)).stdout)
    assert data == {**data, "ok": False, "intact": True, "key_known": "unknown",
                    "key_trusted": False}


def test_missing_signature_is_one_problem_not_a_flood(cli: Any, folder: Path) -> None:
    (folder / SIG).unlink()
    r = cli("--lang", "en", "verify", str(folder))
    assert r.returncode == NOT_VERIFIED, r
    assert "EXTRA" not in r.stdout and "no post database" not in r.stdout
    assert "SHA256SUMS.sig is missing" in r.stdout
    assert "is this post's current key" in r.stdout
    assert f"{README}: OK" in r.stdout
