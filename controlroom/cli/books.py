"""`controlroom patrol|meeting|maintenance|report`: the post's books and periodic reports."""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

from controlroom.cli.common import cli_identity, db_ready, print_json, table
from controlroom.i18n import Text
from controlroom.paths import data_home
from controlroom.records import audit, maintenance, meetings, patrols, periods, reports, settings
from controlroom.records.db import Database
from controlroom.records.models import MEETING_KINDS
from controlroom.timeutil import format_local, parse_time, utcnow


def _zone(db: Database) -> str:
    with db.read() as s:
        return str(settings.get(s, "time_zone"))


# -- patrol --------------------------------------------------------------------------------

def _patrol_add(args: argparse.Namespace) -> int:
    db = db_ready()
    zone = _zone(db)
    members = [patrols.parse_member(m) for m in args.member]
    p = patrols.PatrolInput(parse_time(args.start, zone), parse_time(args.end, zone),
                            args.leader, members, args.route, args.findings,
                            incident_refs=list(args.incident))
    with db.session() as s:
        row = patrols.add(s, cli_identity(), p)
        missing = patrols.missing_roles([m.role for m in row.members])
        pid = row.id
    print(Text(f"Đã ghi lần tuần tra số {pid}.", f"Patrol {pid} recorded."))
    if missing:
        print(Text(*patrols.missing_text(missing)), file=sys.stderr)
    return 0


def _patrol_list(args: argparse.Namespace) -> int:
    db = db_ready()
    zone = _zone(db)
    with db.read() as s:
        if args.week:
            a, b = patrols.week_bounds(utcnow(), zone)
        else:
            a, b = parse_time(args.since, zone), utcnow() + timedelta(days=366)
        rows = patrols.in_range(s, a, b)
        week = patrols.this_week(s, zone=zone)
        data: list[dict[str, Any]] = [
                {"id": p.id, "start": format_local(p.start_utc, zone, seconds=False),
                 "end": format_local(p.end_utc, zone, seconds=False),
                 "members": [(m.name, m.role) for m in p.members], "route": p.route,
                 "findings": p.findings, "incidents": patrols.linked_codes(s, p),
                 "missing": patrols.missing_roles([m.role for m in p.members])} for p in rows]
    if args.json:
        print_json(data)
        return 0
    print(table([[str(d["id"]), str(d["start"]), str(d["end"])[-5:],
                  ", ".join(f"{n} ({r})" for n, r in d["members"])[:70],
                  str(d["route"])[:40], "!" if d["missing"] else ""] for d in data],
                ["#", "start", "end", "team", "route", "gap"]))
    print(Text(f"Tuần này: {week.done}/{week.target} lần tuần tra.",
               f"This week: {week.done}/{week.target} patrols."))
    return 0


# -- meeting -------------------------------------------------------------------------------

def _meeting_add(args: argparse.Namespace) -> int:
    db = db_ready()
    zone = _zone(db)
    absentees = []
    for a in args.absentee:
        name, _, reason = a.partition(":")
        absentees.append((name, reason))
    m = meetings.MeetingInput(parse_time(args.date, zone), args.type, args.chair, args.secretary,
                              args.attendee, absentees, args.content, args.location,
                              [meetings.parse_decision(d, zone) for d in args.decision])
    with db.session() as s:
        row = meetings.add(s, cli_identity(), m)
        mid = row.id
    print(Text(f"Đã ghi biên bản họp số {mid}.", f"Meeting {mid} recorded."))
    return 0


def _meeting_list(args: argparse.Namespace) -> int:
    db = db_ready()
    zone = _zone(db)
    with db.read() as s:
        rows = meetings.in_range(s, parse_time("01/01/2000"), utcnow() + timedelta(days=3660))
        opened = meetings.open_decisions(s)
        data = [[str(m.id), format_local(m.held_at, zone, seconds=False), m.kind, m.chair,
                 str(len(m.decisions))] for m in rows]
        dec = [[str(d.id), str(d.meeting_id), d.text[:60], d.owner,
                format_local(d.due_utc, zone, seconds=False)[:10]] for d in opened]
    print(table(data, ["#", "date", "type", "chair", "decisions"]))
    if dec:
        print()
        print(Text("Nhiệm vụ chưa hoàn thành:", "Open decisions:"))
        print(table(dec, ["#", "meeting", "decision", "owner", "due"]))
    return 0


def _meeting_pdf(args: argparse.Namespace) -> int:
    from controlroom.reporting.pdf import write_minutes

    db = db_ready()
    out = Path(args.out)
    with db.read() as s:
        m = meetings.get(s, args.id)
        post = str(settings.get(s, "post_name"))
        write_minutes(m, post, out, number=args.number)
    with db.session() as s:
        audit.record(s, cli_identity().username, "meeting.pdf", "meeting", args.id,
                     file=str(out), sha256=hashlib.sha256(out.read_bytes()).hexdigest())
    print(out)
    return 0


def _meeting_done(args: argparse.Namespace) -> int:
    db = db_ready()
    with db.session() as s:
        meetings.close_decision(s, cli_identity(), args.id)
    return 0


# -- maintenance ---------------------------------------------------------------------------

def _fault_add(args: argparse.Namespace) -> int:
    db = db_ready()
    zone = _zone(db)
    with db.session() as s:
        f = maintenance.add(s, cli_identity(), args.camera, args.fault,
                            reported_by=args.reported_by, cause=args.cause,
                            reported_at=parse_time(args.at, zone) if args.at else None,
                            cost_vnd=args.cost)
        fid = f.id
    print(Text(f"Đã ghi lỗi số {fid}.", f"Fault {fid} recorded."))
    return 0


def _fault_close(args: argparse.Namespace) -> int:
    db = db_ready()
    with db.session() as s:
        maintenance.close(s, cli_identity(), args.id, args.action, cause=args.cause,
                          cost_vnd=args.cost)
    print(Text(f"Đã đóng lỗi số {args.id}.", f"Fault {args.id} closed."))
    return 0


def _fault_suggest(args: argparse.Namespace) -> int:
    db = db_ready()
    zone = _zone(db)
    with db.session() as s:
        if args.confirm is not None:
            maintenance.confirm(s, cli_identity(), args.confirm)
            return 0
        if args.dismiss is not None:
            maintenance.dismiss(s, cli_identity(), args.dismiss, args.why)
            return 0
        created = maintenance.suggest(s, cli_identity())
        rows = [[str(f.id), str(f.camera_id), format_local(f.down_from, zone, seconds=False),
                 format_local(f.down_to, zone, seconds=False), f.fault] for f in created]
    print(table(rows, ["#", "camera", "down from", "down to", "fault"]))
    print(Text(f"{len(rows)} lỗi được đề xuất.", f"{len(rows)} faults suggested."))
    return 0


def _fault_list(args: argparse.Namespace) -> int:
    db = db_ready()
    zone = _zone(db)
    with db.read() as s:
        rows = maintenance.listing(s, tuple(args.state) if args.state else None)
        data = [{"id": f.id, "camera": f.camera.code, "state": f.state, "source": f.source,
                 "reported": format_local(f.reported_at, zone, seconds=False),
                 "fault": f.fault, "action": f.action, "cost_vnd": f.cost_vnd,
                 "closed": format_local(f.closed_at, zone, seconds=False)} for f in rows]
    if args.json:
        print_json(data)
    else:
        print(table([[str(d["id"]), str(d["camera"]), str(d["state"]), str(d["reported"]),
                      str(d["fault"])[:50], str(d["closed"])] for d in data],
                    ["#", "camera", "state", "reported", "fault", "closed"]))
    return 0


# -- report --------------------------------------------------------------------------------

def _report(args: argparse.Namespace) -> int:
    from controlroom.reporting import csvfile
    from controlroom.reporting.pdf import write_report

    db = db_ready()
    with db.read() as s:
        start_day = int(settings.get(s, "report_period_start_day"))
        zone = str(settings.get(s, "time_zone"))
        period = periods.parse(args.period, start_day, zone)
        text = Path(args.text_file).read_text(encoding="utf-8") if args.text_file else args.text
        r = reports.build(s, period, number=args.number, leader_text=text, signer=args.signer,
                          home=data_home())
        out = Path(args.out)
        write_report(r, out)
        if args.csv:
            csvfile.write(r, Path(args.csv))
        figures = {f"{sec}.{k}": v for sec, k, _, v in r.figures()}
    with db.session() as s:
        audit.record(s, cli_identity().username, "report.generate", "report", period.code,
                     number=args.number, file=str(out),
                     sha256=hashlib.sha256(out.read_bytes()).hexdigest())
    if args.json:
        print(json.dumps(figures, ensure_ascii=False, indent=1))
    else:
        print(out)
    return 0


def _nonneg(text: str) -> int:
    try:
        v = int(text.replace(".", "").replace(",", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(text) from None
    if v < 0:
        raise argparse.ArgumentTypeError(text)
    return v


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("patrol", help="sổ tuần tra / patrol book").add_subparsers(
        dest="patrol_command", metavar="ACTION", required=True)
    a = p.add_parser("add")
    a.add_argument("--start", required=True)
    a.add_argument("--end", required=True)
    a.add_argument("--leader", required=True)
    a.add_argument("--member", action="append", default=[], metavar="NAME:ROLE",
                   help="role: leader, police, village_head, militia_head, member")
    a.add_argument("--route", default="")
    a.add_argument("--findings", default="")
    a.add_argument("--incident", action="append", default=[], metavar="CODE",
                   help="linked incident: code (0042/2026) or id")
    a.set_defaults(func=_patrol_add)
    ls = p.add_parser("list")
    ls.add_argument("--week", action="store_true", help="this week only")
    ls.add_argument("--since", default="01/01/2000")
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(func=_patrol_list)

    m = sub.add_parser("meeting", help="biên bản họp / meeting minutes").add_subparsers(
        dest="meeting_command", metavar="ACTION", required=True)
    a = m.add_parser("add")
    a.add_argument("--date", required=True)
    a.add_argument("--type", required=True, choices=MEETING_KINDS)
    a.add_argument("--chair", required=True)
    a.add_argument("--secretary", required=True)
    a.add_argument("--attendee", action="append", default=[])
    a.add_argument("--absentee", action="append", default=[], metavar="NAME:REASON")
    a.add_argument("--location", default="")
    a.add_argument("--content", default="")
    a.add_argument("--decision", action="append", default=[], metavar="TEXT[|OWNER[|DUE]]")
    a.set_defaults(func=_meeting_add)
    m.add_parser("list").set_defaults(func=_meeting_list)
    pdf = m.add_parser("pdf")
    pdf.add_argument("id", type=int)
    pdf.add_argument("--out", required=True)
    pdf.add_argument("--number", default="")
    pdf.set_defaults(func=_meeting_pdf)
    done = m.add_parser("done", help="mark a decision done")
    done.add_argument("id", type=int)
    done.set_defaults(func=_meeting_done)

    t = sub.add_parser("maintenance", help="sổ bảo trì camera / camera maintenance book"
                       ).add_subparsers(dest="maintenance_command", metavar="ACTION",
                                        required=True)
    a = t.add_parser("add")
    a.add_argument("camera", help="camera id, code or name")
    a.add_argument("--fault", required=True)
    a.add_argument("--cause", default="")
    a.add_argument("--reported-by", default="")
    a.add_argument("--at", default="")
    a.add_argument("--cost", type=_nonneg, default=0, help="VND")
    a.set_defaults(func=_fault_add)
    c = t.add_parser("close")
    c.add_argument("id", type=int)
    c.add_argument("--action", required=True)
    c.add_argument("--cause", default="")
    c.add_argument("--cost", type=_nonneg, default=None, help="VND")
    c.set_defaults(func=_fault_close)
    sg = t.add_parser("suggest", help="suggest faults from outages; --confirm/--dismiss ID")
    sg.add_argument("--confirm", type=int)
    sg.add_argument("--dismiss", type=int)
    sg.add_argument("--why", default="")
    sg.set_defaults(func=_fault_suggest)
    ls = t.add_parser("list")
    ls.add_argument("--state", action="append", choices=("suggested", "open", "closed",
                                                         "dismissed"))
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(func=_fault_list)

    r = sub.add_parser("report", help="báo cáo định kỳ / periodic report (PDF, CSV)")
    r.add_argument("--period", required=True,
                   help="month:YYYY-MM | quarter:YYYY-Q | half:YYYY-H | year:YYYY")
    r.add_argument("--out", required=True)
    r.add_argument("--csv")
    r.add_argument("--number", default="")
    r.add_argument("--signer", default="")
    r.add_argument("--text", default="", help="the leader's assessment")
    r.add_argument("--text-file")
    r.add_argument("--json", action="store_true", help="print every figure as JSON")
    r.set_defaults(func=_report)

