"""`controlroom settings list|get|set`."""

from __future__ import annotations

import argparse

from controlroom.cli.common import cli_identity, db_ready, table
from controlroom.records import settings


def _list(args: argparse.Namespace) -> int:
    db = db_ready()
    with db.read() as s:
        values = settings.get_all(s)
    print(table([[k, str(v), str(settings.SETTINGS[k].help)] for k, v in values.items()],
                ["key", "value", "help"]))
    return 0


def _get(args: argparse.Namespace) -> int:
    db = db_ready()
    with db.read() as s:
        print(settings.get(s, args.key))
    return 0


def _set(args: argparse.Namespace) -> int:
    db = db_ready()
    with db.session() as s:
        print(settings.set_value(s, cli_identity(), args.key, args.value))
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    a = sub.add_parser("settings", help="thiết lập / settings").add_subparsers(
        dest="settings_command", metavar="ACTION", required=True)
    a.add_parser("list").set_defaults(func=_list)
    g = a.add_parser("get")
    g.add_argument("key")
    g.set_defaults(func=_get)
    st = a.add_parser("set")
    st.add_argument("key")
    st.add_argument("value")
    st.set_defaults(func=_set)
