"""The OS keyring: any failure of its backend is SecretStoreUnavailable, never a
traceback (camera add, the recorder, signing keys all go through here)."""

from __future__ import annotations

import pytest

from controlroom import secrets
from controlroom.errors import SecretStoreUnavailable
from controlroom.paths import DataHome


class _Broken:
    """Not a registered keyring backend (that would leak into keyring's detection)."""

    priority = 5.0

    def get_password(self, service: str, username: str) -> str | None:
        raise ConnectionError("D-Bus: the collection is locked")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise RuntimeError("org.freedesktop.DBus.Error.ServiceUnknown")

    def delete_password(self, service: str, username: str) -> None:
        raise OSError("no such bus")


class _NoPriority(_Broken):
    @property  # type: ignore[misc]
    def priority(self) -> float:  # type: ignore[override]
        raise RuntimeError("Unable to initialize SecretService: no session bus")


@pytest.mark.parametrize("backend", [_Broken, _NoPriority])
def test_every_backend_failure_is_a_clear_error(home: DataHome, monkeypatch: pytest.MonkeyPatch,
                                                backend: type) -> None:
    monkeypatch.setenv("CONTROLROOM_KEYRING", "")
    monkeypatch.setattr(secrets.keyring, "get_keyring", backend)
    for op in (lambda: secrets.store("x", "bí-mật", home), lambda: secrets.load("x", home),
               lambda: secrets.delete("x", home)):
        with pytest.raises(SecretStoreUnavailable) as e:
            op()
        assert "bí-mật" not in str(e.value) and e.value.en.startswith("No secure OS")
