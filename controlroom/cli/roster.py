"""`controlroom officer …` and `controlroom roster …`: the duty roster from the terminal."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from controlroom.cli.common import cli_identity, db_ready, print_json, table
from controlroom.i18n import Text, language
from controlroom.records import roster
from controlroom.records import roster_calendar as cal


def _vi() -> bool:
    return language() == "vi"


# --- officer --------------------------------------------------------------------------------

def _officer_add(a: argparse.Namespace) -> int:
    db = db_ready()
    with db.session() as s:
        o = roster.add_officer(s, cli_identity(), a.name, rank=a.rank, phone=a.phone,
                               posts=a.posts, user=a.user, position=a.position, team=a.team)
        name = o.full_name
    print(Text("Đã thêm cán bộ «{n}».", "Added officer «{n}».").format(n=name))
    return 0


def _officer_list(a: argparse.Namespace) -> int:
    db = db_ready()
    with db.read() as s:
        rows = roster.list_officers(s, active_only=not a.all)
        if a.json:
            print_json([{"name": o.full_name, "rank": o.rank, "position": o.position,
                         "phone": o.phone, "team": o.team, "posts": o.posts.split(","),
                         "active": o.active, "user_id": o.user_id} for o in rows])
            return 0
        print(table([[o.full_name, o.rank, o.phone, o.posts, "" if o.active else "x"]
                     for o in rows], ["name", "rank", "phone", "posts", "inactive"]))
    return 0


def _officer_edit(a: argparse.Namespace) -> int:
    db = db_ready()
    active = None if a.active is None else a.active == "yes"
    with db.session() as s:
        roster.edit_officer(s, cli_identity(), a.name, full_name=a.new_name, rank=a.rank,
                            phone=a.phone, posts=a.posts, user=a.user, position=a.position,
                            team=a.team, active=active)
    print(Text("Đã cập nhật «{n}».", "Updated «{n}».").format(n=a.new_name or a.name))
    return 0


def _officer_leave(a: argparse.Namespace) -> int:
    db = db_ready()
    with db.session() as s:
        roster.add_leave(s, cli_identity(), a.name, cal.parse_day(a.first),
                         cal.parse_day(a.last), a.reason, a.kind)
    print(Text("Đã ghi lịch nghỉ.", "Leave recorded."))
    return 0


def _officer_request(a: argparse.Namespace) -> int:
    db = db_ready()
    with db.session() as s:
        roster.add_request(s, cli_identity(), a.name, cal.parse_day(a.day), a.shift,
                           want=a.want, weight=a.weight, note=a.note)
    print(Text("Đã ghi đề nghị.", "Request recorded."))
    return 0


# --- roster ---------------------------------------------------------------------------------

def _print_outcome(out: roster.Outcome) -> None:
    vi, en = out.summary()
    print(vi if _vi() else en)
    for _r, vi_line, en_line in out.uncovered:
        print("  ! " + (vi_line if _vi() else en_line))


def _generate(a: argparse.Namespace) -> int:
    db = db_ready()
    with db.session() as s:
        out = roster.generate(s, cli_identity(), a.month, seconds=a.seconds,
                              template=a.template)
        _print_outcome(out)
    return 0


def _show(a: argparse.Namespace) -> int:
    db = db_ready()
    with db.read() as s:
        doc = roster.month_json(s, a.month)
        if a.json:
            print_json(doc)
            return 0
        m = roster.get_month(s, a.month)
        t = roster.month_template(m)
        lang = language()
        rows = []
        for x in doc["assignments"]:  # type: ignore[attr-defined]
            rows.append([x["day"], roster.shift_label(t, x["shift"], lang),
                         roster.post_label(x["post"], lang), x["officer"] or "—",
                         x["start"][11:16] + "–" + x["end"][11:16], str(x["id"])])
        print(Text("Lịch trực tháng {m} ({st})", "Roster {m} ({st})")
              .format(m=a.month, st=m.status))
        print(table(rows, ["day", "shift", "post", "officer", "time", "slot"]))
    return 0


def _check(a: argparse.Namespace) -> int:
    db = db_ready()
    with db.read() as s:
        found = roster.check_month(s, a.month)
    if not found:
        print(Text("Lịch tháng {m} đạt: đủ người, đủ giờ nghỉ, không trùng ca.",
                   "{m} passes: every seat covered, rest kept, no double booking.")
              .format(m=a.month))
        return 0
    for v in found:
        print(f"{v.kind}: {v.vi if _vi() else v.en}")
    raise roster.RosterIncomplete("Lịch tháng {m} có {n} vi phạm.", "{m} has {n} violations.",
                                  m=a.month, n=len(found))


def _publish(a: argparse.Namespace) -> int:
    db = db_ready()
    with db.session() as s:
        roster.publish(s, cli_identity(), a.month)
    print(Text("Đã công bố lịch tháng {m}; từ nay mọi thay đổi đều phải ghi lý do.",
               "{m} published; every later change needs a reason.").format(m=a.month))
    return 0


def _edit(a: argparse.Namespace) -> int:
    db = db_ready()
    with db.session() as s:
        found = roster.set_assignment(s, cli_identity(), a.slot, None if a.none else a.officer,
                                      reason=a.reason, force=a.force)
    for v in found:
        print("  ! " + (v.vi if _vi() else v.en))
    print(Text("Đã sửa ô #{i}.", "Slot #{i} changed.").format(i=a.slot))
    return 0


def _swap(a: argparse.Namespace) -> int:
    db = db_ready()
    with db.session() as s:
        sw = roster.request_swap(s, cli_identity(), a.first, a.second, a.reason)
        sid = sw.id
    print(Text("Đã gửi đề nghị đổi ca #{i}; chờ chỉ huy duyệt.",
               "Swap request #{i} filed; waiting for a leader.").format(i=sid))
    return 0


def _decide(a: argparse.Namespace) -> int:
    db = db_ready()
    with db.session() as s:
        roster.decide_swap(s, cli_identity(), a.id, a.approve, force=a.force)
    print(Text("Đã duyệt." if a.approve else "Đã từ chối.",
               "Approved." if a.approve else "Rejected."))
    return 0


def _repair(a: argparse.Namespace) -> int:
    db = db_ready()
    with db.session() as s:
        out = roster.propose_repair(s, a.month, seconds=a.seconds)
        _print_outcome(out)
        lang = language()
        for r, old, new in out.changes:
            print(f"  #{r.id} {r.day:%d/%m} {r.shift_key} {roster.post_label(r.post, lang)}: "
                  f"{roster._name(s, old) or '—'} → {roster._name(s, new) or '—'}")
        print(Text("{n} thay đổi.", "{n} changes.").format(n=len(out.changes)))
        if a.apply:
            roster.apply_repair(s, cli_identity(), out, a.reason)
            print(Text("Đã áp dụng.", "Applied."))
    return 0


def _balance(a: argparse.Namespace) -> int:
    db = db_ready()
    with db.read() as s:
        rows = roster.balances(s, a.month)
    if a.json:
        print_json([{"officer": b.officer, "month": b.month, "year": b.year} for b in rows])
        return 0
    print(table([[b.officer, *(str(b.month[k]) for k in ("hours", "nights", "weekends",
                                                        "holidays")),
                  *(str(b.year[k]) for k in ("hours", "nights", "weekends", "holidays"))]
                 for b in rows],
                ["officer", "h", "nights", "wkend", "hol", "h/yr", "nights/yr", "wkend/yr",
                 "hol/yr"]))
    return 0


def _holiday(a: argparse.Namespace) -> int:
    db = db_ready()
    with db.session() as s:
        roster.set_holiday(s, cli_identity(), cal.parse_day(a.day), a.name, a.weight,
                           removed=a.remove)
    print(Text("Đã ghi ngày lễ.", "Holiday saved."))
    return 0


def _holidays(a: argparse.Namespace) -> int:
    from datetime import date
    db = db_ready()
    with db.read() as s:
        hs = roster.holidays(s, date(a.year, 1, 1), date(a.year, 12, 31))
    print(table([[f"{h.day:%d/%m/%Y}", h.name, str(h.weight), h.source]
                 for h in hs.values()], ["day", "name", "weight", "source"]))
    return 0


def _output(a: argparse.Namespace) -> int:
    from controlroom.records import roster_output
    db = db_ready()
    out = Path(a.out)
    with db.read() as s:
        if a.kind == "csv":
            roster_output.write_csv(s, a.month, out)
        else:
            roster_output.write_pdf(s, a.month, out)
    print(Text("Đã ghi {p}.", "Wrote {p}.").format(p=out))
    return 0


def _template(a: argparse.Namespace) -> int:
    db = db_ready()
    if a.file:
        t = cal.template_from_json(Path(a.file).read_text(encoding="utf-8"))
        with db.session() as s:
            roster.save_template(s, cli_identity(), t)
        print(Text("Đã lưu mẫu ca «{k}».", "Template «{k}» saved.").format(k=t.key))
        return 0
    with db.read() as s:
        print(json.dumps([json.loads(t.to_json()) for t in roster.list_templates(s)],
                         ensure_ascii=False, indent=2))
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    o = sub.add_parser("officer", help="cán bộ trong lịch trực / roster officers") \
        .add_subparsers(dest="officer_command", metavar="ACTION", required=True)
    a = o.add_parser("add")
    a.add_argument("name")
    a.add_argument("--rank", default="")
    a.add_argument("--phone", default="")
    a.add_argument("--posts", default="desk", help="desk,leader,patrol")
    a.add_argument("--user", default=None, help="tài khoản / user name")
    a.add_argument("--position", default="")
    a.add_argument("--team", default="")
    a.set_defaults(func=_officer_add)
    ls = o.add_parser("list")
    ls.add_argument("--json", action="store_true")
    ls.add_argument("--all", action="store_true", help="cả người đã thôi / include inactive")
    ls.set_defaults(func=_officer_list)
    e = o.add_parser("edit")
    e.add_argument("name")
    e.add_argument("--name", dest="new_name", default=None)
    e.add_argument("--rank", default=None)
    e.add_argument("--phone", default=None)
    e.add_argument("--posts", default=None)
    e.add_argument("--user", default=None)
    e.add_argument("--position", default=None)
    e.add_argument("--team", default=None)
    e.add_argument("--active", choices=("yes", "no"), default=None)
    e.set_defaults(func=_officer_edit)
    lv = o.add_parser("leave")
    lv.add_argument("name")
    lv.add_argument("--from", dest="first", required=True)
    lv.add_argument("--to", dest="last", required=True)
    lv.add_argument("--reason", default="")
    lv.add_argument("--kind", choices=("leave", "business", "sick", "other"), default="leave")
    lv.set_defaults(func=_officer_leave)
    rq = o.add_parser("request")
    rq.add_argument("name")
    rq.add_argument("--day", required=True)
    rq.add_argument("--shift", required=True)
    g = rq.add_mutually_exclusive_group(required=True)
    g.add_argument("--want", action="store_true", dest="want")
    g.add_argument("--avoid", action="store_false", dest="want")
    rq.add_argument("--weight", type=int, default=1)
    rq.add_argument("--note", default="")
    rq.set_defaults(func=_officer_request)

    r = sub.add_parser("roster", help="lịch trực / duty roster") \
        .add_subparsers(dest="roster_command", metavar="ACTION", required=True)

    def month(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
        p.add_argument("--month", required=True, help="YYYY-MM")
        return p

    g_ = month(r.add_parser("generate"))
    g_.add_argument("--seconds", type=float, default=10.0)
    g_.add_argument("--template", default=None)
    g_.set_defaults(func=_generate)
    sh = month(r.add_parser("show"))
    sh.add_argument("--json", action="store_true")
    sh.set_defaults(func=_show)
    month(r.add_parser("check")).set_defaults(func=_check)
    month(r.add_parser("publish")).set_defaults(func=_publish)
    ed = r.add_parser("edit")
    ed.add_argument("--slot", type=int, required=True)
    who = ed.add_mutually_exclusive_group(required=True)
    who.add_argument("--officer")
    who.add_argument("--none", action="store_true")
    ed.add_argument("--reason", default="")
    ed.add_argument("--force", action="store_true")
    ed.set_defaults(func=_edit)
    sw = r.add_parser("swap")
    sw.add_argument("first", type=int)
    sw.add_argument("second", type=int)
    sw.add_argument("--reason", default="")
    sw.set_defaults(func=_swap)
    for name, approve in (("swap-approve", True), ("swap-reject", False)):
        d = r.add_parser(name)
        d.add_argument("id", type=int)
        d.add_argument("--force", action="store_true")
        d.set_defaults(func=_decide, approve=approve)
    rp = month(r.add_parser("repair"))
    rp.add_argument("--seconds", type=float, default=10.0)
    rp.add_argument("--apply", action="store_true")
    rp.add_argument("--reason", default="")
    rp.set_defaults(func=_repair)
    bl = month(r.add_parser("balance"))
    bl.add_argument("--json", action="store_true")
    bl.set_defaults(func=_balance)
    for kind in ("pdf", "csv"):
        p = month(r.add_parser(kind))
        p.add_argument("--out", required=True)
        p.set_defaults(func=_output, kind=kind)
    h = r.add_parser("holiday")
    h.add_argument("day")
    h.add_argument("--name", default="")
    h.add_argument("--weight", type=int, default=2)
    h.add_argument("--remove", action="store_true")
    h.set_defaults(func=_holiday)
    hs = r.add_parser("holidays")
    hs.add_argument("--year", type=int, required=True)
    hs.set_defaults(func=_holidays)
    tp = r.add_parser("template")
    tp.add_argument("--file", default=None, help="JSON để lưu / JSON to save")
    tp.set_defaults(func=_template)
