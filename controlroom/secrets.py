"""Secrets (camera credentials, signing keys) live only in the OS keyring.

`keyring` picks Windows Credential Locker, macOS Keychain or Secret Service. When no
secure backend exists we refuse with a clear message. Only the demo and the tests may set
`CONTROLROOM_KEYRING=demo`, which keeps secrets in a file marked DEMO in the data home.
"""

from __future__ import annotations

import contextlib
import json
import os
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import keyring
import keyring.backend
import keyring.errors

from controlroom.errors import SecretStoreUnavailable
from controlroom.paths import DataHome, data_home

DEMO_FILE = "DEMO-INSECURE-secrets.json"
T = TypeVar("T")


def is_demo() -> bool:
    return os.environ.get("CONTROLROOM_KEYRING", "") == "demo"


def _service(home: DataHome) -> str:
    """One keyring namespace per data home, so two installations never share secrets."""
    home.ensure()
    idf = home.config / "install-id"
    if not idf.exists():
        idf.write_text(str(uuid.uuid4()))
    return f"controlroom/{idf.read_text().strip()}"


def _unavailable(detail: str = "") -> SecretStoreUnavailable:
    return SecretStoreUnavailable(
        "Không có kho khóa an toàn của hệ điều hành (Secret Service / Keychain / Credential "
        "Locker){d}. Mật khẩu camera và khóa ký không được lưu ra tệp thường.",
        "No secure OS keyring is available (Secret Service / Keychain / Credential Locker)"
        "{d}. Camera passwords and signing keys are never stored in plain files.",
        d=f" — {detail}" if detail else "",
    )


def _backend() -> keyring.backend.KeyringBackend:
    kr = keyring.get_keyring()
    name = type(kr).__module__ + "." + type(kr).__name__
    if "fail" in name.lower() or "plaintext" in name.lower() or "null" in name.lower():
        raise _unavailable(name)
    try:
        priority = kr.priority
    except AttributeError:
        return kr
    except Exception as e:  # e.g. SecretService without a D-Bus session: RuntimeError
        raise _unavailable(_first_line(e)) from None
    if priority < 1:
        raise _unavailable(name)
    return kr


def _first_line(e: BaseException) -> str:
    text = str(e).strip().splitlines()
    return f"{type(e).__name__}: {text[0][:160]}" if text else type(e).__name__


def _call(fn: Callable[[keyring.backend.KeyringBackend], T]) -> T:
    """Run one keyring operation; whatever the backend raises (KeyringError, D-Bus,
    SecretStorage, RuntimeError, a locked collection) becomes SecretStoreUnavailable."""
    try:
        return fn(_backend())
    except SecretStoreUnavailable:
        raise
    except keyring.errors.PasswordDeleteError:
        raise
    except Exception as e:
        raise _unavailable(_first_line(e)) from None


class _DemoStore:
    def __init__(self, home: DataHome) -> None:
        self.path: Path = home.config / DEMO_FILE

    def _load(self) -> dict[str, str]:
        return json.loads(self.path.read_text()) if self.path.exists() else {}

    def get(self, name: str) -> str | None:
        return self._load().get(name)

    def set(self, name: str, value: str) -> None:
        data = self._load()
        data[name] = value
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as f:
            json.dump(data, f)
        tmp.replace(self.path)

    def delete(self, name: str) -> None:
        data = self._load()
        if data.pop(name, None) is not None:
            self.set_all(data)

    def set_all(self, data: dict[str, str]) -> None:
        self.path.write_text(json.dumps(data))


def store(name: str, value: str, home: DataHome | None = None) -> None:
    home = home or data_home()
    if is_demo():
        _DemoStore(home).set(name, value)
        return
    service = _service(home)
    _call(lambda kr: kr.set_password(service, name, value))


def load(name: str, home: DataHome | None = None) -> str | None:
    home = home or data_home()
    if is_demo():
        return _DemoStore(home).get(name)
    service = _service(home)
    return _call(lambda kr: kr.get_password(service, name))


def delete(name: str, home: DataHome | None = None) -> None:
    home = home or data_home()
    if is_demo():
        _DemoStore(home).delete(name)
        return
    service = _service(home)
    with contextlib.suppress(keyring.errors.PasswordDeleteError):
        _call(lambda kr: kr.delete_password(service, name))
