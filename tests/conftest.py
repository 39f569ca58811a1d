"""Shared fixtures: every test gets its own temporary data home; records tests run on
SQLite and on a real PostgreSQL server started here."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from controlroom import i18n
from controlroom.paths import DataHome
from controlroom.records.db import Database, open_database
from tests.pg_server import PgServer

ADMIN_PW = "quantri-Mk2026"


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> DataHome:
    root = tmp_path / "home"
    monkeypatch.setenv("CONTROLROOM_HOME", str(root))
    monkeypatch.setenv("CONTROLROOM_KEYRING", "demo")
    monkeypatch.setenv("CONTROLROOM_LANG", "vi")
    monkeypatch.delenv("CONTROLROOM_DB_URL", raising=False)
    i18n.set_language("vi")
    return DataHome(root).ensure()


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    server = PgServer()
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, home: DataHome,
           monkeypatch: pytest.MonkeyPatch) -> str:
    """A database URL on each backend; CONTROLROOM_DB_URL points at it for the CLI."""
    if request.param == "sqlite":
        return f"sqlite:///{home.database}"
    url: str = request.getfixturevalue("pg_server").new_database()
    monkeypatch.setenv("CONTROLROOM_DB_URL", url)
    return url


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    database = open_database(db_url)
    database.upgrade()
    yield database
    database.dispose()


@pytest.fixture
def sqlite_db(home: DataHome) -> Iterator[Database]:
    database = open_database()
    database.upgrade()
    yield database
    database.dispose()


class CliResult:
    def __init__(self, proc: subprocess.CompletedProcess[str]) -> None:
        self.returncode = proc.returncode
        self.stdout = proc.stdout
        self.stderr = proc.stderr

    def __repr__(self) -> str:
        return f"<rc={self.returncode} out={self.stdout!r} err={self.stderr!r}>"


@pytest.fixture
def cli() -> object:
    """Run the real `controlroom` command in a subprocess with the test's environment."""

    def run(*args: str, input: str | None = None, timeout: float = 120,
            env: dict[str, str] | None = None) -> CliResult:
        proc = subprocess.run([sys.executable, "-m", "controlroom", *args], input=input,
                              capture_output=True, text=True, timeout=timeout,
                              env={**os.environ, **(env or {})})
        return CliResult(proc)

    return run


_exit_status: list[int] = []


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    _exit_status.append(int(exitstatus))


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config: pytest.Config) -> None:
    """Leave with pytest's own status once every result is reported and every fixture,
    server and Xvfb is gone: C extensions (libVLC, Qt, PyAV's and Debian's FFmpeg in one
    process) have been seen to crash while the interpreter tears their modules down,
    which turned a green run into exit 139."""
    if _exit_status and os.environ.get("CONTROLROOM_TEST_HARD_EXIT", "1") == "1":
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(_exit_status[-1])
