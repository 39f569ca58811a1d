"""`controlroom` command line. Each feature registers its subcommands from its own module;
expected failures (UserError) print one translated line and exit non-zero."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from controlroom import __version__
from controlroom.errors import ExitCode, InvalidInput, UserError
from controlroom.i18n import set_language
from controlroom.oserror import describe
from controlroom.textutil import not_utf8

# Modules with a `register(subparsers)` function, in the order shown by --help.
COMMAND_MODULES = (
    "controlroom.cli.db",
    "controlroom.cli.users",
    "controlroom.cli.audit",
    "controlroom.cli.settings",
    "controlroom.cli.gui",
    "controlroom.cli.cameras",
    "controlroom.cli.recorder",
    "controlroom.cli.export",
    "controlroom.cli.verify",
    "controlroom.cli.incident",
    "controlroom.cli.books",
    "controlroom.cli.tip",
    "controlroom.cli.roster",
    "controlroom.cli.desk",
)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="controlroom",
        description="Phần mềm trực camera an ninh, trật tự — Security camera control room",
    )
    p.add_argument("--version", action="version", version=f"controlroom {__version__}")
    p.add_argument("--lang", choices=("vi", "en"), help="ngôn ngữ thông báo / message language")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as e:
            if e.name == name:  # feature not built yet
                continue
            raise
        module.register(sub)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.lang:
        set_language(args.lang)
    if not getattr(args, "func", None):
        parser.print_help()
        return ExitCode.INVALID_INPUT
    try:
        _refuse_undecodable(args)
        rc = args.func(args)
    except UserError as e:
        print(f"controlroom: {e}", file=sys.stderr)
        return e.exit_code
    except OSError as e:  # never the C library's raw English text
        where = f" ({e.filename})" if e.filename else ""
        print(f"controlroom: {describe(e)}{where}", file=sys.stderr)
        return ExitCode.FAILED
    except KeyboardInterrupt:
        return ExitCode.INTERRUPTED
    return int(rc or 0)


def _refuse_undecodable(args: argparse.Namespace) -> None:
    """Bytes on the command line that are not UTF-8 (a wrong terminal encoding, a
    pasted binary) stop here for every command, with a message, not a traceback."""
    values = [v for v in vars(args).values() if isinstance(v, str)]
    values += [x for v in vars(args).values() if isinstance(v, list | tuple)
               for x in v if isinstance(x, str)]
    # A path that exists may have any bytes in its name (Linux file names are bytes).
    if any(not_utf8(v) and not os.path.lexists(v) for v in values):
        raise InvalidInput(
            "Dữ liệu nhập có byte không phải UTF-8; kiểm tra bảng mã của cửa sổ lệnh.",
            "The input has bytes that are not UTF-8; check the terminal's encoding.")


if __name__ == "__main__":
    sys.exit(main())
