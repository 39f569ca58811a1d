"""`controlroom desk …` (check-in/out, the shift now) and `controlroom handover …`
(the handover book and the leader's review)."""

from __future__ import annotations

import argparse
import json
from datetime import datetime
from pathlib import Path

from controlroom.cli.common import cli_identity, db_ready, print_json, table
from controlroom.i18n import Text, language
from controlroom.paths import data_home
from controlroom.records import handover as ho
from controlroom.records import roster
from controlroom.records import roster_calendar as cal
from controlroom.timeutil import format_local, parse_time, utcnow


def _vi() -> bool:
    return language() == "vi"


def _when(text: str | None) -> datetime:
    return parse_time(text) if text else utcnow()


def _checkin(a: argparse.Namespace) -> int:
    db = db_ready()
    with db.session() as s:
        ci = ho.check_in(s, cli_identity(), a.officer, _when(a.at))
        at = format_local(ci.check_in_at, roster.zone(s), seconds=False)
    print(Text("Đã vào ca lúc {t}.", "Checked in at {t}.").format(t=at))
    return 0


def _checkout(a: argparse.Namespace) -> int:
    db = db_ready()
    with db.session() as s:
        ci = ho.check_out(s, cli_identity(), a.officer, _when(a.at))
        at = format_local(ci.check_out_at, roster.zone(s), seconds=False)
    print(Text("Đã ra ca lúc {t}.", "Checked out at {t}.").format(t=at))
    return 0


def _shift_doc(sh: ho.Shift | None, zone: str) -> dict[str, object] | None:
    if sh is None:
        return None
    return {"day": sh.day.isoformat(), "shift": sh.shift_key, "name": sh.name,
            "start": roster.iso_local(sh.start, zone), "end": roster.iso_local(sh.end, zone),
            "seats": [{"post": x.post, "officer": x.officer or None,
                       "check_in": roster.iso_local(x.check_in, zone) if x.check_in else None,
                       "check_out": roster.iso_local(x.check_out, zone) if x.check_out
                       else None, "flag": x.flag} for x in sh.seats]}


def _status(a: argparse.Namespace) -> int:
    db = db_ready()
    when = _when(a.at)
    with db.read() as s:
        zone = roster.zone(s)
        cur, nxt = ho.shift_at(s, when), ho.next_shift(s, when)
        queue = ho.leader_queue(s, when)
        doc = {"current": _shift_doc(cur, zone), "next": _shift_doc(nxt, zone),
               "queue": [{"kind": q.kind, "ref": q.ref, "text": q.vi if _vi() else q.en}
                         for q in queue]}
    if a.json:
        print_json(doc)
        return 0
    for label, sh in ((Text("Ca hiện tại", "Current shift"), cur),
                      (Text("Ca sau", "Next shift"), nxt)):
        if sh is None:
            print(f"{label}: —")
            continue
        print(f"{label}: {sh.name} {sh.day:%d/%m/%Y} ({format_local(sh.start, zone, False)} – "
              f"{format_local(sh.end, zone, False)})")
        for x in sh.seats:
            state = format_local(x.check_in, zone, False) if x.check_in else ""
            print(f"  {roster.post_label(x.post, language())}: {x.officer or '—'} "
                  f"{state} {x.flag}")
    for q in queue:
        print("  ! " + (q.vi if _vi() else q.en))
    return 0


def _open(a: argparse.Namespace) -> int:
    db = db_ready()
    with db.session() as s:
        if a.day:
            h = ho.open_day(s, cli_identity(), cal.parse_day(a.day), a.shift)
        else:
            h = ho.open_at(s, cli_identity(), _when(a.at))
        hid = h.id
    print(Text("Trang giao ca #{i}.", "Handover #{i}.").format(i=hid))
    return 0


def _note(a: argparse.Namespace) -> int:
    db = db_ready()
    with db.session() as s:
        ho.save_note(s, cli_identity(), a.id, a.text)
    print(Text("Đã lưu.", "Saved."))
    return 0


def _submit(a: argparse.Namespace) -> int:
    db = db_ready()
    with db.session() as s:
        ho.submit(s, cli_identity(), a.id, a.text)
    print(Text("Đã bàn giao; chờ người trực ca sau nhận.",
               "Handed over; waiting for the incoming officer."))
    return 0


def _ack(a: argparse.Namespace) -> int:
    db = db_ready()
    h = ho.acknowledge_and_anchor(db, data_home(), cli_identity(), a.id)
    print(Text("Đã nhận ca. Mã băm: {h}", "Acknowledged. Hash: {h}").format(h=h.content_sha256))
    return 0


def _amend(a: argparse.Namespace) -> int:
    db = db_ready()
    with db.session() as s:
        ho.amend(s, cli_identity(), a.id, a.text)
    print(Text("Đã ghi bổ sung.", "Amendment recorded."))
    return 0


def _review(a: argparse.Namespace) -> int:
    db = db_ready()
    with db.session() as s:
        ho.review(s, cli_identity(), a.id, a.comment is None, a.comment or "")
    print(Text("Đã duyệt.", "Reviewed."))
    return 0


def _show(a: argparse.Namespace) -> int:
    db = db_ready()
    with db.read() as s:
        h = ho.get(s, a.id)
        zone = roster.zone(s)
        doc = {"id": h.id, "day": h.day.isoformat(), "shift": h.shift_key,
               "start": roster.iso_local(h.start_utc, zone),
               "end": roster.iso_local(h.end_utc, zone), "outgoing": h.outgoing,
               "incoming": h.incoming, "status": h.status, "review": h.review,
               "items": json.loads(h.items), "note": h.note, "sha256": h.content_sha256,
               "intact": ho.intact(h), "anchor": json.loads(h.anchor) if h.anchor else None,
               "amendments": [{"time": roster.iso_local(x.ts, zone), "author": x.author,
                               "text": x.text} for x in ho.amendments(s, h.id)]}
    print_json(doc)
    return 0


def _list(a: argparse.Namespace) -> int:
    db = db_ready()
    with db.read() as s:
        rows = ho.listing(s, cal.parse_day(a.first) if a.first else None,
                          cal.parse_day(a.last) if a.last else None, a.pending)
        print(table([[str(h.id), f"{h.day:%d/%m/%Y}", h.shift_key, h.outgoing, h.incoming,
                      h.status, h.review] for h in rows],
                    ["id", "day", "shift", "outgoing", "incoming", "status", "review"]))
    return 0


def _pdf(a: argparse.Namespace) -> int:
    from controlroom.records import roster_output
    db = db_ready()
    with db.read() as s:
        n = roster_output.write_handover_pdf(s, cal.parse_day(a.first), cal.parse_day(a.last),
                                             Path(a.out))
    print(Text("Đã ghi {p} ({n} trang giao ca).", "Wrote {p} ({n} handovers).")
          .format(p=a.out, n=n))
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    d = sub.add_parser("desk", help="vào ca, ra ca / check-in at the desk") \
        .add_subparsers(dest="desk_command", metavar="ACTION", required=True)
    for name, fn in (("checkin", _checkin), ("checkout", _checkout)):
        p = d.add_parser(name)
        p.add_argument("--officer", default=None)
        p.add_argument("--at", default=None, help="dd/MM/yyyy HH:mm")
        p.set_defaults(func=fn)
    st = d.add_parser("status")
    st.add_argument("--at", default=None)
    st.add_argument("--json", action="store_true")
    st.set_defaults(func=_status)

    h = sub.add_parser("handover", help="sổ giao ca / handover book") \
        .add_subparsers(dest="handover_command", metavar="ACTION", required=True)
    o = h.add_parser("open")
    o.add_argument("--day", default=None)
    o.add_argument("--shift", default="day")
    o.add_argument("--at", default=None)
    o.set_defaults(func=_open)
    n = h.add_parser("note")
    n.add_argument("id", type=int)
    n.add_argument("--text", required=True)
    n.set_defaults(func=_note)
    sb = h.add_parser("submit")
    sb.add_argument("id", type=int)
    sb.add_argument("--text", default=None)
    sb.set_defaults(func=_submit)
    ak = h.add_parser("ack")
    ak.add_argument("id", type=int)
    ak.set_defaults(func=_ack)
    am = h.add_parser("amend")
    am.add_argument("id", type=int)
    am.add_argument("--text", required=True)
    am.set_defaults(func=_amend)
    rv = h.add_parser("review")
    rv.add_argument("id", type=int)
    g = rv.add_mutually_exclusive_group(required=True)
    g.add_argument("--approve", action="store_true")
    g.add_argument("--comment", default=None)
    rv.set_defaults(func=_review)
    sh = h.add_parser("show")
    sh.add_argument("id", type=int)
    sh.set_defaults(func=_show)
    ls = h.add_parser("list")
    ls.add_argument("--from", dest="first", default=None)
    ls.add_argument("--to", dest="last", default=None)
    ls.add_argument("--pending", action="store_true")
    ls.set_defaults(func=_list)
    pdf = h.add_parser("pdf")
    pdf.add_argument("--from", dest="first", required=True)
    pdf.add_argument("--to", dest="last", required=True)
    pdf.add_argument("--out", required=True)
    pdf.set_defaults(func=_pdf)
