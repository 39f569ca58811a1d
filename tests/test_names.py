"""Names a person types (user names, camera names and places, file names made from
them): whatever the text, it is stored NFC and found again, or refused with
InvalidInput — never a database error or a traceback."""

from __future__ import annotations

import re
import unicodedata
from typing import Any
from unittest.mock import patch

import pytest
from argon2 import PasswordHasher
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from controlroom.errors import ExitCode, InvalidInput
from controlroom.records import cameras, users
from controlroom.records.db import Database
from controlroom.textutil import MAX_NAME, safe_filename

NAMEISH = st.text(alphabet=st.characters(codec=None), max_size=70) | st.text(
    alphabet="Cổng chợ Đông Hà ngã ba \u0301\u0323\t\n\x00\x1f\udcff-._/\\:", max_size=40)
DB_EXAMPLES = settings(max_examples=60, deadline=None,
                       suppress_health_check=[HealthCheck.function_scoped_fixture])


class _Undo(Exception):
    """Raised to roll the example's transaction back."""


@DB_EXAMPLES
@given(NAMEISH)
def test_any_user_name_is_stored_and_found_or_refused(sqlite_db: Database, name: str) -> None:
    with patch.object(users, "_hasher", PasswordHasher(time_cost=1, memory_cost=8,
                                                       parallelism=1)):
        try:
            with sqlite_db.session() as s:
                try:
                    u = users.create(s, users.SYSTEM, name, "matkhau-123", "officer")
                except InvalidInput:
                    raise _Undo from None
                assert u.username == unicodedata.normalize("NFC", name).strip()
                assert users.get(s, unicodedata.normalize("NFD", name)).id == u.id
                raise _Undo
        except _Undo:
            pass


@DB_EXAMPLES
@given(NAMEISH, NAMEISH, NAMEISH)
def test_any_camera_text_is_stored_and_found_or_refused(sqlite_db: Database, name: str,
                                                        location: str, notes: str) -> None:
    spec = cameras.CameraSpec(name=name, location=location, notes=notes,
                              main_url="rtsp://10.0.0.5/live")
    try:
        with sqlite_db.session() as s:
            try:
                cam = cameras.add(s, users.SYSTEM, spec)
            except InvalidInput:
                raise _Undo from None
            assert cameras.get(s, unicodedata.normalize("NFD", name)).id == cam.id
            assert cam.name == " ".join(unicodedata.normalize("NFC", name).split())
            raise _Undo
    except _Undo:
        pass


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec=None), max_size=200))
def test_file_names_made_from_any_text_are_safe_everywhere(text: str) -> None:
    name = safe_filename(text)
    assert re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", name) or name == "file"
    assert len(name) <= MAX_NAME and ".." not in name.strip(".") or name == "file"


@pytest.mark.parametrize("args", [
    ("user", "add", "ab\udcff", "--role", "officer", "--password-stdin"),
    ("user", "add", "a\x01b", "--role", "officer", "--password-stdin"),
    ("camera", "add", "Cổng\udcff", "--url", "rtsp://10.0.0.1/a"),
    ("camera", "add", "Cổng\x00chợ", "--url", "rtsp://10.0.0.1/a"),
])
def test_undecodable_or_control_text_on_the_command_line(cli: Any, sqlite_db: Database,
                                                         args: tuple[str, ...]) -> None:
    import os

    argv = [os.fsencode(a) if "\udcff" in a else a for a in args]
    if any("\x00" in a for a in args):
        argv = [a.replace("\x00", "\x02") if isinstance(a, str) else a for a in argv]
    r = cli(*argv, input="matkhau-123\n")  # type: ignore[arg-type]
    assert r.returncode == ExitCode.INVALID_INPUT, r
    assert "Traceback" not in r.stderr


def test_a_password_of_undecodable_bytes_is_refused(sqlite_db: Database) -> None:
    import subprocess
    import sys

    r = subprocess.run([sys.executable, "-m", "controlroom", "user", "add", "abc", "--role",
                        "officer", "--password-stdin"], input=b"matkh\xffau-123\n",
                       capture_output=True, timeout=120)
    assert r.returncode == ExitCode.INVALID_INPUT, r
    assert b"Traceback" not in r.stderr
