"""OS error text never reaches the user raw: errno → a sentence in each language."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from controlroom import i18n
from controlroom.errors import DatabaseError, UserError
from controlroom.oserror import cannot_write, describe


@pytest.mark.parametrize("code", [errno.ENOENT, errno.EACCES, errno.ENOSPC, errno.EROFS,
                                  errno.EIO, errno.ENODEV, errno.ECONNREFUSED, errno.EXDEV,
                                  errno.ELOOP])
def test_every_errno_is_said_in_words_not_strerror(code: int) -> None:
    text = describe(OSError(code, os.strerror(code)))
    assert os.strerror(code) not in (text.vi, text.en)
    assert text.vi != text.en and text.vi and text.en


def test_bilingual_argument_goes_into_each_language() -> None:
    e = UserError("Không đọc được {p}: {e}", "Cannot read {p}: {e}", p="/x",
                  e=describe(FileNotFoundError(errno.ENOENT, "No such file or directory")))
    assert e.vi == "Không đọc được /x: tệp hoặc thư mục không tồn tại"
    assert e.en == "Cannot read /x: the file or folder does not exist"


def test_cannot_write_says_the_reason_in_words() -> None:
    e = cannot_write(PermissionError(errno.EACCES, os.strerror(errno.EACCES), "/x.pdf"))
    assert e.vi == "Không ghi được tệp: không có quyền truy cập"
    assert e.en == "Cannot write the file: permission denied"


def test_export_drive_error_has_no_raw_text(tmp_path: Path) -> None:
    from controlroom.evidence.export import _os_error

    for code in (errno.ENOENT, errno.EIO, errno.EINVAL):
        err = _os_error(OSError(code, os.strerror(code)), tmp_path)
        for lang in ("vi", "en"):
            assert os.strerror(code) not in getattr(err, lang)


def test_database_file_error_has_no_raw_text(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    from controlroom.records import db as dbmod

    f = tmp_path / "x.sqlite3"
    f.write_bytes(b"SQLite format 3\x00")

    def refuse(*_a: object, **_k: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied", str(f))

    monkeypatch.setattr(Path, "open", refuse)
    with pytest.raises(DatabaseError) as info:
        dbmod._check_sqlite_file(f)
    assert "Permission denied" not in info.value.vi + info.value.en
    assert "không có quyền truy cập" in info.value.vi


def test_cli_reports_an_unexpected_os_error_in_words(monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str]
                                                     ) -> None:
    from controlroom import cli

    def boom(_args: object) -> int:
        raise FileNotFoundError(errno.ENOENT, "No such file or directory", "/media/usb/x")

    parser = cli.build_parser()
    monkeypatch.setattr(cli, "build_parser", lambda: parser)
    monkeypatch.setattr(parser, "parse_args", lambda _argv=None: _Args(boom))
    i18n.set_language("vi")
    assert cli.main([]) == 1
    err = capsys.readouterr().err
    assert "No such file" not in err
    assert "tệp hoặc thư mục không tồn tại (/media/usb/x)" in err


class _Args:
    def __init__(self, func: object) -> None:
        self.func = func
        self.lang = None


def test_no_module_shows_strerror() -> None:
    """One place turns OS errors into words: no module builds a message from strerror."""
    import re

    root = Path(__file__).resolve().parent.parent / "controlroom"
    pattern = re.compile(r"=\s*e\.strerror|strerror or str\(e\)|\{e\.strerror")
    offenders = []
    for path in sorted(root.rglob("*.py")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if pattern.search(line) and "log." not in line:
                offenders.append(f"{path.relative_to(root)}:{n}")
    assert offenders == []
