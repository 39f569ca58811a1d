"""`controlroom init` and `controlroom db …`."""

from __future__ import annotations

import argparse
from pathlib import Path

from sqlalchemy import func, select

from controlroom.cli.common import cli_identity, confirm, read_password
from controlroom.errors import ExitCode, InvalidInput
from controlroom.i18n import Text
from controlroom.paths import data_home
from controlroom.records import audit, backup, setup
from controlroom.records.db import open_database
from controlroom.records.models import User


def _init(args: argparse.Namespace) -> int:
    db = open_database()
    with db.read() as s:
        has_users = db.state() == "current" and bool(
            s.scalar(select(func.count()).select_from(User))
        )
    if has_users:
        db.upgrade()
        print(Text("Cơ sở dữ liệu đã có; không thay đổi dữ liệu.",
                   "The database already exists; no data was changed."))
        return 0
    if not args.admin:
        raise InvalidInput("Cần --admin TÊN cho quản trị viên đầu tiên.",
                           "--admin NAME is needed for the first administrator.")
    pw = read_password(args.password_stdin)
    created = setup.initialise(db, args.admin, pw, args.full_name or "")
    if created:
        print(Text("Đã tạo cơ sở dữ liệu tại {h} và quản trị viên «{u}».",
                   "Created the database in {h} and administrator «{u}».")
              .format(h=data_home().root, u=args.admin))
    return 0


def _upgrade(args: argparse.Namespace) -> int:
    db = open_database()
    before = db.current_revision()
    db.upgrade()
    after = db.current_revision()
    print(Text("Lược đồ: {a} → {b}", "Schema: {a} → {b}").format(a=before or "-", b=after))
    return 0


def _status(args: argparse.Namespace) -> int:
    db = open_database()
    print(f"url: {db.engine.url.render_as_string(hide_password=True)}")
    print(f"state: {db.state()}  revision: {db.current_revision()}  head: {db.head_revision()}")
    return 0


def _backup(args: argparse.Namespace) -> int:
    db = open_database()
    db.require_current()
    dest = backup.backup(db, Path(args.path))
    with db.session() as s:
        audit.record(s, cli_identity().username, "db.backup", "database", str(dest))
    print(Text("Đã sao lưu vào {p}", "Backed up to {p}").format(p=dest))
    return 0


def _restore(args: argparse.Namespace) -> int:
    db = open_database()
    question = str(Text("Thay toàn bộ dữ liệu hiện tại bằng {p}?",
                        "Replace all current data with {p}?").format(p=args.path))
    if not confirm(question, args.yes):
        print(Text("Đã hủy; không thay đổi gì.", "Cancelled; nothing changed."))
        return ExitCode.CANCELLED
    keep = backup.restore(db, Path(args.path))
    db = open_database()
    db.upgrade()
    with db.session() as s:
        audit.record(s, cli_identity().username, "db.restore", "database", str(args.path),
                     previous_copy=str(keep))
    print(Text("Đã khôi phục. Bản dữ liệu trước đó được giữ tại {k}",
               "Restored. The previous data was kept at {k}").format(k=keep))
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("init", help="tạo cơ sở dữ liệu và quản trị viên đầu tiên / create "
                       "the database and first administrator")
    p.add_argument("--admin", metavar="USER")
    p.add_argument("--full-name", default="")
    p.add_argument("--password-stdin", action="store_true")
    p.set_defaults(func=_init)

    d = sub.add_parser("db", help="cơ sở dữ liệu / database").add_subparsers(
        dest="db_command", metavar="ACTION", required=True)
    d.add_parser("upgrade", help="nâng cấp lược đồ / upgrade schema").set_defaults(func=_upgrade)
    d.add_parser("status").set_defaults(func=_status)
    b = d.add_parser("backup", help="sao lưu khi đang chạy / online backup")
    b.add_argument("path")
    b.set_defaults(func=_backup)
    r = d.add_parser("restore", help="khôi phục / restore")
    r.add_argument("path")
    r.add_argument("--yes", action="store_true", help="không hỏi lại / do not ask")
    r.set_defaults(func=_restore)
