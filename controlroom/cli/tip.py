"""`controlroom tip …`: the tip register. The informant's identity is never printed
except by `tip reveal`, which signs a leader in and audits the reason first."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from controlroom.cli.common import cli_identity, db_ready, print_json, read_password, table
from controlroom.i18n import Text, lang_index, language
from controlroom.paths import data_home
from controlroom.records import tip_vault, tips, users
from controlroom.records.tip_vault import Informant
from controlroom.records.tips import Filter, Row
from controlroom.timeutil import format_local, parse_time


def _add(args: argparse.Namespace) -> int:
    db = db_ready()
    who = Informant(args.informant_name or "", args.informant_phone or "",
                    args.informant_address or "", args.informant_id or "")
    with db.session() as s:
        tip = tips.add(s, cli_identity(), data_home(), channel=args.channel,
                       content=args.content,
                       received_at=parse_time(args.received) if args.received else None,
                       category=args.category, area=args.area or "", informant=who)
        number = tip.number
    print(number)
    return 0


def _row_json(r: Row) -> dict[str, Any]:
    return {"number": r.number, "channel": r.channel, "received_at": r.received_at.isoformat(),
            "received_by": r.received_by, "category": r.category, "area": r.area,
            "content": r.content, "informant": r.informant, "anonymous": r.anonymous,
            "status": r.status, "handoff_due": r.handoff_due.isoformat(),
            "resolve_due": r.resolve_due.isoformat(),
            "transferred_at": r.transferred_at.isoformat() if r.transferred_at else None,
            "resolved_at": r.resolved_at.isoformat() if r.resolved_at else None,
            "alerts": r.alerts}


def _list(args: argparse.Namespace) -> int:
    db = db_ready()
    f = Filter(start=parse_time(args.since) if args.since else None,
               end=parse_time(args.until) if args.until else None,
               channels=args.channel or (), statuses=args.status or (),
               text=args.search or "", overdue=args.overdue,
               now=parse_time(args.now) if args.now else None)
    with db.read() as s:
        if args.csv:
            n = tips.write_csv(s, Path(args.csv), f, language())
            print(Text("Đã ghi {n} tin báo vào {p}.", "Wrote {n} tips to {p}.")
                  .format(n=n, p=args.csv))
            return 0
        rows = tips.list_rows(s, f, (args.page - 1) * args.page_size, args.page_size)
    if args.json:
        print_json([_row_json(r) for r in rows])
        return 0
    i = lang_index()
    print(table([[r.number, format_local(r.received_at, seconds=False),
                  tips.CHANNEL_NAMES[r.channel][i], tips.STATUS_NAMES[r.status][i],
                  format_local(r.handoff_due, seconds=False),
                  format_local(r.resolve_due, seconds=False),
                  ", ".join(tips.ALERT_NAMES[a][i] for a in r.alerts), r.content[:50]]
                 for r in rows],
                ["number", "received", "channel", "status", "hand-off due", "resolve due",
                 "alerts", "content"]))
    return 0


def _transfer(args: argparse.Namespace) -> int:
    db = db_ready()
    with db.session() as s:
        tips.transfer(s, cli_identity(), args.number, args.to, args.ref or "",
                      parse_time(args.at) if args.at else None)
    print(Text("Đã ghi chuyển tin báo {n}.", "Hand-off of tip {n} recorded.")
          .format(n=args.number))
    return 0


def _extend(args: argparse.Namespace) -> int:
    db = db_ready()
    with db.session() as s:
        tip = tips.extend(s, cli_identity(), args.number, args.days, args.basis)
        due = tip.resolve_due
    print(format_local(due, seconds=False))
    return 0


def _resolve(args: argparse.Namespace) -> int:
    db = db_ready()
    with db.session() as s:
        tips.resolve(s, cli_identity(), args.number, args.note or "")
    return 0


def _link(args: argparse.Namespace) -> int:
    db = db_ready()
    with db.session() as s:
        tips.link_incident(s, cli_identity(), args.number, args.incident)
    return 0


def _reveal(args: argparse.Namespace) -> int:
    db = db_ready()
    pw = read_password(args.password_stdin, confirm=False)
    who = users.sign_in(db, args.user, pw)
    informant = tips.reveal(db, who, data_home(), args.number, args.reason)
    if informant is None:
        print(Text("Tin báo ẩn danh.", "Anonymous tip.").format())
        return 0
    labels = (("Họ tên", "Số điện thoại", "Địa chỉ", "Số định danh") if lang_index() == 0 else
              ("Name", "Phone", "Address", "ID number"))
    for label, value in zip(labels, (informant.name, informant.phone, informant.address,
                                     informant.id_number), strict=True):
        print(f"{label}: {value}")
    return 0


def _erase(args: argparse.Namespace) -> int:
    db = db_ready()
    pw = read_password(args.password_stdin, confirm=False)
    who = users.sign_in(db, args.user, pw)
    erased = tips.erase_informant(db, who, args.number, args.reason)  # refusals audited
    print(Text("Đã xóa danh tính người báo tin.", "The informant's identity is erased.").format()
          if erased else Text("Tin báo không có danh tính để xóa.",
                              "The tip has no identity to erase.").format())
    return 0


def _rotate(args: argparse.Namespace) -> int:
    db = db_ready()
    with db.session() as s:
        version = tip_vault.rotate(s, cli_identity(), data_home())
    print(version)
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    g = sub.add_parser("tip", help="sổ tin báo, tố giác / tip register").add_subparsers(
        dest="tip_command", metavar="ACTION", required=True)

    p = g.add_parser("add", help="tiếp nhận tin báo / register a tip (prints its number)")
    p.add_argument("--channel", required=True, choices=tips.CHANNELS)
    p.add_argument("--content", required=True)
    p.add_argument("--received", metavar="TIME")
    p.add_argument("--category", default="khac", metavar="KEY")
    p.add_argument("--area", default="", metavar="TEXT", help="thôn / tổ dân phố")
    p.add_argument("--informant-name")
    p.add_argument("--informant-phone")
    p.add_argument("--informant-address")
    p.add_argument("--informant-id")
    p.set_defaults(func=_add)

    p = g.add_parser("list", help="danh sách / list (identity masked)")
    p.add_argument("--overdue", action="store_true", help="chỉ tin quá hạn / overdue only")
    p.add_argument("--from", dest="since", metavar="TIME")
    p.add_argument("--to", dest="until", metavar="TIME")
    p.add_argument("--channel", action="append", choices=tips.CHANNELS)
    p.add_argument("--status", action="append", choices=tips.STATUSES)
    p.add_argument("--search", metavar="TEXT")
    p.add_argument("--now", metavar="TIME", help=argparse.SUPPRESS)
    p.add_argument("--page", type=int, default=1)
    p.add_argument("--page-size", type=int, default=tips.PAGE_SIZE)
    p.add_argument("--json", action="store_true")
    p.add_argument("--csv", metavar="PATH")
    p.set_defaults(func=_list)

    p = g.add_parser("transfer", help="chuyển cơ quan điều tra / hand over")
    p.add_argument("number")
    p.add_argument("--to", required=True, metavar="AGENCY")
    p.add_argument("--ref", default="", metavar="REF")
    p.add_argument("--at", metavar="TIME")
    p.set_defaults(func=_transfer)

    p = g.add_parser("extend", help="gia hạn giải quyết / extend the resolution deadline")
    p.add_argument("number")
    p.add_argument("--days", type=int, required=True)
    p.add_argument("--basis", required=True)
    p.set_defaults(func=_extend)

    p = g.add_parser("resolve", help="đã giải quyết / mark resolved")
    p.add_argument("number")
    p.add_argument("--note", default="")
    p.set_defaults(func=_resolve)

    p = g.add_parser("link", help="liên kết vụ việc / link an incident")
    p.add_argument("number")
    p.add_argument("incident", metavar="CODE")
    p.set_defaults(func=_link)

    p = g.add_parser("reveal", help="xem danh tính (lãnh đạo, có lý do) / reveal identity")
    p.add_argument("number")
    p.add_argument("--reason", required=True)
    p.add_argument("--user", required=True, metavar="USERNAME")
    p.add_argument("--password-stdin", action="store_true")
    p.set_defaults(func=_reveal)

    p = g.add_parser("erase-informant",
                     help="xóa vĩnh viễn danh tính (lãnh đạo, có lý do) / erase identity for good")
    p.add_argument("number")
    p.add_argument("--reason", required=True)
    p.add_argument("--user", required=True, metavar="USERNAME")
    p.add_argument("--password-stdin", action="store_true")
    p.set_defaults(func=_erase)

    p = g.add_parser("rotate-key", help="xoay khóa sổ tin báo / rotate the vault key")
    p.set_defaults(func=_rotate)
