"""`controlroom audit verify|list`."""

from __future__ import annotations

import argparse

from sqlalchemy import select

from controlroom.cli.common import db_ready, table
from controlroom.errors import ExitCode
from controlroom.i18n import Text
from controlroom.records import audit
from controlroom.records.models import AuditEntry
from controlroom.timeutil import format_local


def _verify(args: argparse.Namespace) -> int:
    db = db_ready()
    with db.read() as s:
        result = audit.verify(s)
    print(Text(*result.describe()))
    return ExitCode.OK if result.ok else ExitCode.NOT_VERIFIED


def _list(args: argparse.Namespace) -> int:
    db = db_ready()
    with db.read() as s:
        q = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(args.limit)
        if args.action:
            q = q.where(AuditEntry.action.like(f"{args.action}%"))
        rows = list(s.scalars(q))[::-1]
    print(table([[str(e.id), format_local(e.ts), e.actor, e.action, e.object_id,
                  e.detail[:80]] for e in rows],
                ["#", "time", "actor", "action", "object", "detail"]))
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    a = sub.add_parser("audit", help="nhật ký kiểm toán / audit log").add_subparsers(
        dest="audit_command", metavar="ACTION", required=True)
    a.add_parser("verify").set_defaults(func=_verify)
    ls = a.add_parser("list")
    ls.add_argument("--limit", type=int, default=50)
    ls.add_argument("--action", default="")
    ls.set_defaults(func=_list)
