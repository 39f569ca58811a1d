"""Signing keys: created once, private half only in the keyring, rotation keeps old
exports verifiable, no secure keyring means refusal."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from controlroom import secrets
from controlroom.errors import PermissionDenied, SecretStoreUnavailable
from controlroom.evidence import keys
from controlroom.evidence.export import run_export
from controlroom.evidence.verify import verify_folder
from controlroom.paths import DataHome
from controlroom.records.db import Database
from controlroom.records.users import SYSTEM, Identity
from tests.evidence.fixtures import T0, Recorded


def test_key_created_once_and_private_only_in_keyring(sqlite_db: Database,
                                                       home: DataHome) -> None:
    a = keys.signer(sqlite_db, SYSTEM, home)
    b = keys.signer(sqlite_db, SYSTEM, home)
    assert a.info.fingerprint == b.info.fingerprint and a.info.demo is True
    assert a.info.display.startswith("SHA256:") and len(a.info.display.split()) == 16
    stored = json.loads((home.config / "DEMO-INSECURE-secrets.json").read_text())
    assert "BEGIN PRIVATE KEY" in stored[a.info.keyring_name]
    with sqlite_db.read() as s:
        (row,) = keys.known_keys(s)
        assert "PRIVATE" not in row.public_pem and row.demo


def test_rotation_keeps_old_exports_verifiable(recorded: Recorded, tmp_path: Path) -> None:
    r = recorded
    first = tmp_path / "a"
    first.mkdir()
    old = run_export(r.db, r.officer, r.approved(T0, T0 + timedelta(seconds=8)), first, r.home)
    with pytest.raises(PermissionDenied):
        keys.rotate_key(r.db, r.leader, r.home)
    admin = Identity(0, "admin", "Quản trị", "admin")
    new = keys.rotate_key(r.db, admin, r.home)
    assert new.fingerprint != old.fingerprint
    second = tmp_path / "b"
    second.mkdir()
    res = run_export(r.db, r.officer, r.approved(T0, T0 + timedelta(seconds=8)), second, r.home)
    assert res.fingerprint == new.fingerprint
    with r.db.read() as s:
        rep_old = verify_folder(old.folder, s)
        rep_new = verify_folder(res.folder, s)
        names = [k.keyring_name for k in keys.known_keys(s)]
    assert rep_old.ok and rep_old.key_known == "retired"
    assert rep_new.ok and rep_new.key_known == "current"
    assert secrets.load(names[0], r.home) is None  # retired private key removed


def test_no_secure_keyring_refuses(sqlite_db: Database, home: DataHome,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CONTROLROOM_KEYRING")
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    import keyring.core

    keyring.core.init_backend()
    try:
        with pytest.raises(SecretStoreUnavailable) as ei:
            keys.signer(sqlite_db, SYSTEM, home)
    finally:
        monkeypatch.delenv("PYTHON_KEYRING_BACKEND")
        keyring.core.init_backend()
    assert "kho khóa" in ei.value.vi
    with sqlite_db.read() as s:
        assert keys.known_keys(s) == []


SECRET_SERVICE_SCRIPT = r"""
set -e
printf 'test-keyring-pw' | gnome-keyring-daemon --unlock --components=secrets >/dev/null
"$PY" - <<'EOF'
from controlroom.records.db import open_database
from controlroom.records.users import SYSTEM
from controlroom.evidence import keys
import keyring
db = open_database(); db.upgrade()
s1 = keys.signer(db, SYSTEM)
s2 = keys.signer(db, SYSTEM)
assert s1.info.fingerprint == s2.info.fingerprint and not s1.info.demo
print("BACKEND", type(keyring.get_keyring()).__module__)
print("FP", s1.info.fingerprint)
EOF
"""


@pytest.mark.skipif(not shutil.which("gnome-keyring-daemon") or not shutil.which(
    "dbus-run-session"), reason="needs gnome-keyring and dbus")
def test_real_secret_service(home: DataHome, tmp_path: Path) -> None:
    """The key really goes into a Secret Service (gnome-keyring in a private D-Bus
    session), and comes back out for the second signature."""
    env = {k: v for k, v in os.environ.items() if k not in ("CONTROLROOM_KEYRING",
                                                           "DBUS_SESSION_BUS_ADDRESS")}
    env.update(PY=sys.executable, HOME=str(tmp_path), XDG_DATA_HOME=str(tmp_path / "data"),
               XDG_RUNTIME_DIR=str(tmp_path / "run"))
    (tmp_path / "run").mkdir(mode=0o700)
    out = subprocess.run(["dbus-run-session", "--", "sh", "-c", SECRET_SERVICE_SCRIPT],
                         env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "BACKEND keyring.backends.SecretService" in out.stdout
    keyring_files = list((tmp_path / "data" / "keyrings").glob("*.keyring"))
    assert keyring_files  # the secret went into gnome-keyring's encrypted store
    assert not list((home.config).glob("DEMO-INSECURE*"))
