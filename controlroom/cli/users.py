"""`controlroom user …`."""

from __future__ import annotations

import argparse

from controlroom.cli.common import cli_identity, db_ready, print_json, read_password, table
from controlroom.i18n import Text, lang_index
from controlroom.records import users
from controlroom.timeutil import format_local


def _add(args: argparse.Namespace) -> int:
    pw = read_password(args.password_stdin)
    db = db_ready()
    with db.session() as s:
        users.create(s, cli_identity(), args.username, pw, args.role,
                     full_name=args.full_name, rank=args.rank, unit=args.unit)
    print(Text("Đã thêm người dùng «{u}».", "Added user «{u}».").format(u=args.username))
    return 0


def _list(args: argparse.Namespace) -> int:
    db = db_ready()
    with db.read() as s:
        rows = users.list_users(s)
        if args.json:
            print_json([{"username": u.username, "full_name": u.full_name, "role": u.role,
                         "disabled": u.disabled, "rank": u.rank, "unit": u.unit,
                         "last_login_at": u.last_login_at} for u in rows])
            return 0
        idx = lang_index()
        print(table(
            [[u.username, u.full_name, users.ROLE_NAMES[u.role][idx],
              ("x" if u.disabled else ""), format_local(u.last_login_at)] for u in rows],
            ["user", "full name", "role", "disabled", "last login"]))
    return 0


def _disable(args: argparse.Namespace) -> int:
    db = db_ready()
    with db.session() as s:
        users.set_disabled(s, cli_identity(), args.username, not args.enable)
    print(Text("Đã cập nhật «{u}».", "Updated «{u}».").format(u=args.username))
    return 0


def _reset(args: argparse.Namespace) -> int:
    pw = read_password(args.password_stdin)
    db = db_ready()
    with db.session() as s:
        users.reset_password(s, cli_identity(), args.username, pw)
    print(Text("Đã đặt lại mật khẩu cho «{u}».", "Password reset for «{u}».")
          .format(u=args.username))
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    u = sub.add_parser("user", help="người dùng / users").add_subparsers(
        dest="user_command", metavar="ACTION", required=True)
    a = u.add_parser("add")
    a.add_argument("username")
    a.add_argument("--role", required=True, choices=("officer", "leader", "admin"))
    a.add_argument("--full-name", default="")
    a.add_argument("--rank", default="", help="cấp bậc / rank")
    a.add_argument("--unit", default="", help="đơn vị / unit")
    a.add_argument("--password-stdin", action="store_true")
    a.set_defaults(func=_add)
    ls = u.add_parser("list")
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(func=_list)
    d = u.add_parser("disable")
    d.add_argument("username")
    d.add_argument("--enable", action="store_true", help="bật lại / re-enable")
    d.set_defaults(func=_disable)
    r = u.add_parser("reset-password")
    r.add_argument("username")
    r.add_argument("--password-stdin", action="store_true")
    r.set_defaults(func=_reset)
