"""What every CLI command shares: opening the database, reading passwords, printing."""

from __future__ import annotations

import getpass
import json
import sys
from typing import Any

from controlroom.errors import InvalidInput
from controlroom.records.db import Database, open_database
from controlroom.records.users import Identity
from controlroom.textutil import not_utf8


def db_ready() -> Database:
    db = open_database()
    db.require_current()
    return db


def cli_identity() -> Identity:
    """The CLI runs with the rights of whoever can read the data home: the machine's
    administrator. Audit rows name the OS account."""
    try:
        who = getpass.getuser()
    except Exception:
        who = "unknown"
    return Identity(0, f"cli:{who}"[:64], f"cli:{who}", "admin")


def read_password(from_stdin: bool, prompt: str = "Mật khẩu / Password: ",
                  confirm: bool = True) -> str:
    if from_stdin:
        line = sys.stdin.readline()
        pw = line[:-1] if line.endswith("\n") else line
        if pw.endswith("\r"):
            pw = pw[:-1]
        if not_utf8(pw):
            raise InvalidInput("Mật khẩu có byte không phải UTF-8.",
                               "The password has bytes that are not UTF-8.")
        return pw
    if not sys.stdin.isatty():
        raise InvalidInput(
            "Không có bàn phím để nhập mật khẩu; dùng --password-stdin.",
            "No terminal to type a password; use --password-stdin.",
        )
    pw = getpass.getpass(prompt)
    if confirm and getpass.getpass("Nhập lại / Repeat: ") != pw:
        raise InvalidInput("Hai lần nhập mật khẩu không khớp.", "The passwords do not match.")
    return pw


def confirm(question: str, assume_yes: bool) -> bool:
    if assume_yes:
        return True
    if not sys.stdin.isatty():
        return False
    return input(f"{question} [y/N] ").strip().lower() in ("y", "yes", "c", "có", "co")


def print_json(obj: Any) -> None:
    print(json.dumps(obj, ensure_ascii=False, indent=2, default=str))


def table(rows: list[list[str]], headers: list[str]) -> str:
    widths = [max(len(str(x)) for x in col) for col in zip(headers, *rows, strict=False)]
    line = "  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=False))
    out = [line, "  ".join("-" * w for w in widths)]
    out += ["  ".join(str(c).ljust(w) for c, w in zip(r, widths, strict=False)) for r in rows]
    return "\n".join(out)
