"""`controlroom incident …`: the incident book from the command line (the same services
the window uses)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from controlroom.cli.common import cli_identity, db_ready, print_json, table
from controlroom.i18n import Text, lang_index, language
from controlroom.records import cameras, incidents
from controlroom.records.incidents import Filter, PersonInput, Row
from controlroom.timeutil import format_local, parse_time


def _row_json(r: Row) -> dict[str, Any]:
    return {"code": r.code, "occurred_at": r.occurred_at.isoformat(), "category": r.category,
            "area": r.area, "location": r.location, "severity": r.severity,
            "summary": r.summary, "status": r.status, "officer": r.officer}


def _print_rows(rows: list[Row], as_json: bool, names: dict[str, tuple[str, str]]) -> None:
    if as_json:
        print_json([_row_json(r) for r in rows])
        return
    i = lang_index()
    print(table([[r.code, format_local(r.occurred_at, seconds=False),
                  names.get(r.category, (r.category,) * 2)[i][:28],
                  incidents.STATUS_NAMES[r.status][i], r.area, r.summary[:60]] for r in rows],
                ["code", "occurred", "category", "status", "area", "summary"]))


def _add(args: argparse.Namespace) -> int:
    db = db_ready()
    with db.session() as s:
        cams = [cameras.get(s, c).id for c in args.camera or []]
        people = [PersonInput(role, name) for role, name in
                  (p.split(":", 1) if ":" in p else ("other", p) for p in args.person or [])]
        inc = incidents.add(
            s, cli_identity(), occurred_at=parse_time(args.occurred), category=args.category,
            summary=args.summary, area=args.area or "", location=args.location or "",
            description=args.description or "", severity=args.severity,
            detected_at=parse_time(args.detected) if args.detected else None,
            officer=args.officer, camera_ids=cams, people=people)
        code = inc.code
    print(code)
    return 0


def _filter(args: argparse.Namespace, text: str = "") -> Filter:
    with db_ready().read() as s:
        cam = cameras.get(s, args.camera).id if args.camera else None
    return Filter(start=parse_time(args.since) if args.since else None,
                  end=parse_time(args.until) if args.until else None,
                  categories=args.category or (), statuses=args.status or (),
                  area=args.area or "", camera_id=cam, officer=args.officer or "",
                  text=text or getattr(args, "text", "") or "", open_only=args.open)


def _list(args: argparse.Namespace) -> int:
    db = db_ready()
    f = _filter(args)
    with db.read() as s:
        if args.csv:
            n = incidents.write_csv(s, Path(args.csv), f, args.sort, language())
            print(Text("Đã ghi {n} vụ việc vào {p}.", "Wrote {n} incidents to {p}.")
                  .format(n=n, p=args.csv))
            return 0
        rows = incidents.list_rows(s, f, args.sort, (args.page - 1) * args.page_size,
                                   args.page_size)
        names = incidents.category_names(s)
    _print_rows(rows, args.json, names)
    return 0


def _search(args: argparse.Namespace) -> int:
    return _list(args)


def _show(args: argparse.Namespace) -> int:
    db = db_ready()
    i = lang_index()
    with db.read() as s:
        d = incidents.detail(s, args.code)
        inc = d.incident
        doc: dict[str, Any] = {
            "code": inc.code, "occurred_at": inc.occurred_at.isoformat(),
            "detected_at": inc.detected_at.isoformat() if inc.detected_at else None,
            "category": inc.category, "category_name": d.category_name[i],
            "area": inc.area, "location": inc.location, "severity": inc.severity,
            "summary": inc.summary, "description": inc.description, "officer": inc.officer,
            "status": inc.status, "status_by": inc.status_by,
            "status_at": inc.status_at.isoformat() if inc.status_at else None,
            "cameras": [{"camera": name, "start": c.start_utc, "end": c.end_utc,
                         "hold_id": c.hold_id} for c, name in d.cameras],
            "people": [{"role": p.role, "name": p.name, "birth_year": p.birth_year,
                        "address": p.address, "note": p.note} for p in d.people],
            "timeline": [{"at": at.isoformat(), "by": by, "text": what}
                         for at, by, what in d.timeline(i)],
            "attachments": [{"name": a.name, "sha256": a.sha256, "bytes": a.bytes}
                            for a in d.attachments],
            "snapshots": [sn.path for sn in d.snapshots],
            "exports": [e.record_number or e.uid for e in d.exports],
            "tips": d.tip_numbers,
        }
    if args.json:
        print_json(doc)
        return 0
    status = incidents.STATUS_NAMES[doc["status"]][i]
    print(f"{doc['code']}  {doc['summary']}")
    for k, v in (("occurred", format_local(inc.occurred_at, seconds=False)),
                 ("category", doc["category_name"]), ("area", doc["area"]),
                 ("location", doc["location"]), ("severity", doc["severity"]),
                 ("status", status), ("officer", doc["officer"]),
                 ("description", doc["description"])):
        if v:
            print(f"  {k}: {v}")
    for c in doc["cameras"]:
        print(f"  camera: {c['camera']}")
    for p in doc["people"]:
        print(f"  person: {incidents.PERSON_ROLE_NAMES[p['role']][i]}: {p['name']}")
    for at, by, what in d.timeline(i):
        print(f"  {format_local(at, seconds=False)}  {by}  {what}")
    for a in doc["attachments"]:
        print(f"  attachment: {a['name']}  sha256={a['sha256']}")
    for t in doc["tips"]:
        print(f"  tip: {t}")
    return 0


def _status(args: argparse.Namespace) -> int:
    db = db_ready()
    with db.session() as s:
        inc = incidents.set_status(s, cli_identity(), args.code, args.status, args.reason or "")
        code, status = inc.code, inc.status
    print(f"{code}: {incidents.STATUS_NAMES[status][lang_index()]}")
    return 0


def _note(args: argparse.Namespace) -> int:
    db = db_ready()
    with db.session() as s:
        incidents.add_note(s, cli_identity(), args.code, args.text,
                           parse_time(args.at) if args.at else None)
    return 0


def _person(args: argparse.Namespace) -> int:
    db = db_ready()
    with db.session() as s:
        incidents.add_person(s, cli_identity(), args.code,
                             PersonInput(args.role, args.name, args.birth_year,
                                         args.address or "", args.note or ""))
    return 0


def _attach(args: argparse.Namespace) -> int:
    from controlroom.paths import data_home

    db = db_ready()
    with db.session() as s:
        row = incidents.attach_file(s, cli_identity(), data_home(), args.code, Path(args.file))
        sha = row.sha256
    print(sha)
    return 0


def _pdf(args: argparse.Namespace) -> int:
    from controlroom.evidence.incident_pdf import write_incident_pdf
    from controlroom.paths import data_home

    print(write_incident_pdf(db_ready(), data_home(), args.code, Path(args.out)))
    return 0


def _categories(args: argparse.Namespace) -> int:
    db = db_ready()
    if args.add:
        with db.session() as s:
            incidents.save_category(s, cli_identity(), args.add, args.name_vi or args.add,
                                    args.name_en or "")
    elif args.delete:
        with db.session() as s:
            incidents.delete_category(s, cli_identity(), args.delete)
    with db.read() as s:
        rows = [[c.key, c.name_vi, c.name_en] for c in incidents.categories(s)]
    if args.json:
        print_json([{"key": k, "name_vi": v, "name_en": e} for k, v, e in rows])
    else:
        print(table(rows, ["key", "tên", "name"]))
    return 0


def _filters(p: argparse.ArgumentParser) -> None:
    p.add_argument("--from", dest="since", metavar="TIME", help="xảy ra từ / occurred from")
    p.add_argument("--to", dest="until", metavar="TIME", help="đến trước / occurred before")
    p.add_argument("--category", action="append", metavar="KEY")
    p.add_argument("--status", action="append", choices=incidents.STATUSES)
    p.add_argument("--open", action="store_true", help="chỉ vụ việc chưa xong / open only")
    p.add_argument("--area", metavar="TEXT", help="thôn / tổ dân phố")
    p.add_argument("--camera", metavar="NAME")
    p.add_argument("--officer", metavar="USERNAME")
    p.add_argument("--sort", choices=tuple(incidents.SORTS), default="occurred_desc")
    p.add_argument("--page", type=int, default=1)
    p.add_argument("--page-size", type=int, default=incidents.PAGE_SIZE)
    p.add_argument("--json", action="store_true")
    p.add_argument("--csv", metavar="PATH", help="ghi CSV (UTF-8 BOM) / write CSV")


def register(sub: argparse._SubParsersAction) -> None:
    g = sub.add_parser("incident", help="sổ vụ việc / incident book").add_subparsers(
        dest="incident_command", metavar="ACTION", required=True)

    p = g.add_parser("add", help="ghi vụ việc mới / new incident (prints its code)")
    p.add_argument("--category", required=True, metavar="KEY")
    p.add_argument("--occurred", required=True, metavar="TIME")
    p.add_argument("--detected", metavar="TIME")
    p.add_argument("--location", default="", metavar="TEXT")
    p.add_argument("--area", default="", metavar="TEXT", help="thôn / tổ dân phố")
    p.add_argument("--summary", required=True, metavar="TEXT")
    p.add_argument("--description", default="", metavar="TEXT")
    p.add_argument("--severity", default="medium", choices=incidents.SEVERITIES)
    p.add_argument("--officer", metavar="USERNAME")
    p.add_argument("--camera", action="append", metavar="NAME")
    p.add_argument("--person", action="append", metavar="ROLE:NAME")
    p.set_defaults(func=_add)

    p = g.add_parser("list", help="danh sách / list")
    _filters(p)
    p.set_defaults(func=_list)

    p = g.add_parser("search", help="tìm không dấu / accent-insensitive search")
    p.add_argument("text")
    _filters(p)
    p.set_defaults(func=_search)

    p = g.add_parser("show", help="xem một vụ việc / show one")
    p.add_argument("code")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=_show)

    p = g.add_parser("status", help="đổi trạng thái / change status")
    p.add_argument("code")
    p.add_argument("status", choices=incidents.STATUSES)
    p.add_argument("--reason", default="")
    p.set_defaults(func=_status)

    p = g.add_parser("note", help="ghi diễn biến / timeline note")
    p.add_argument("code")
    p.add_argument("text")
    p.add_argument("--at", metavar="TIME")
    p.set_defaults(func=_note)

    p = g.add_parser("person", help="người liên quan / person involved")
    p.add_argument("code")
    p.add_argument("--role", required=True, choices=tuple(incidents.PERSON_ROLE_NAMES))
    p.add_argument("--name", required=True)
    p.add_argument("--birth-year", type=int)
    p.add_argument("--address", default="")
    p.add_argument("--note", default="")
    p.set_defaults(func=_person)

    p = g.add_parser("attach", help="đính kèm tệp / attach a file (prints its SHA-256)")
    p.add_argument("code")
    p.add_argument("file")
    p.set_defaults(func=_attach)

    p = g.add_parser("pdf", help="in PDF một vụ việc / PDF of one incident")
    p.add_argument("code")
    p.add_argument("out")
    p.set_defaults(func=_pdf)

    p = g.add_parser("categories", help="loại vụ việc / categories")
    p.add_argument("--add", metavar="KEY")
    p.add_argument("--name-vi")
    p.add_argument("--name-en")
    p.add_argument("--delete", metavar="KEY")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=_categories)
