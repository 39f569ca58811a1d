"""`controlroom audit verify|list|checkpoint`."""

from __future__ import annotations

import argparse
from datetime import UTC
from pathlib import Path

from sqlalchemy import select, text

from controlroom.cli.common import cli_identity, db_ready, print_json, table
from controlroom.errors import ExitCode
from controlroom.evidence import keys
from controlroom.i18n import Text
from controlroom.paths import data_home
from controlroom.records import audit, audit_anchor, settings
from controlroom.records.models import AuditEntry
from controlroom.timeutil import format_local


def _verify(args: argparse.Namespace) -> int:
    db = db_ready()
    home = data_home()
    external = [cp for p in args.checkpoint for cp in audit_anchor.load_external(Path(p))]
    with db.read() as s:
        rep = audit_anchor.verify(s, home, external)
        zone = str(settings.get(s, "time_zone"))
    if args.json:
        worst = rep.contradicted
        print_json({
            "ok": rep.ok, "rows": rep.rows, "last_id": rep.last_id,
            "chain": {"ok": rep.chain.ok, "bad_id": rep.chain.bad_id,
                      "problem": rep.chain.problem},
            "checkpoints": rep.checkpoints,
            "latest": rep.latest.as_dict() if rep.latest else None,
            "contradicted": ({"kind": worst.kind, "source": worst.source,
                              "checkpoint": worst.checkpoint.as_dict()}
                             if worst is not None and worst.checkpoint else None),
            "findings": [{"kind": f.kind, "source": f.source, "text": str(f.text)}
                         for f in rep.findings]})
        return ExitCode.OK if rep.ok else ExitCode.NOT_VERIFIED
    for line in rep.lines(zone):
        print(line)
    print(Text("KẾT QUẢ: ĐẠT", "RESULT: OK") if rep.ok else
          Text("KẾT QUẢ: NHẬT KÝ KIỂM TOÁN BỊ CAN THIỆP", "RESULT: AUDIT LOG TAMPERED"))
    return ExitCode.OK if rep.ok else ExitCode.NOT_VERIFIED


def _when(value: object) -> str:
    try:
        return format_local(audit.stored_ts(value).replace(tzinfo=UTC))
    except (ValueError, TypeError):
        return f"?{value!r}"[:26]  # a tampered row is shown, not a traceback


def _list(args: argparse.Namespace) -> int:
    db = db_ready()
    q = select(AuditEntry.id, text("ts"), AuditEntry.actor, AuditEntry.action,
               AuditEntry.object_id, AuditEntry.detail).select_from(AuditEntry) \
        .order_by(AuditEntry.id.desc()).limit(args.limit)
    if args.action:
        q = q.where(AuditEntry.action.like(f"{args.action}%"))
    with db.read() as s:
        rows = [[str(rid), _when(ts), str(actor), str(action), str(oid), str(detail)[:80]]
                for rid, ts, actor, action, oid, detail in s.execute(q)][::-1]
    print(table(rows, ["#", "time", "actor", "action", "object", "detail"]))
    return ExitCode.OK


def _checkpoint(args: argparse.Namespace) -> int:
    db = db_ready()
    cp = audit_anchor.checkpoint(db, data_home(), args.reason, actor=cli_identity(),
                                 create_key=True)
    print(Text("Đã ký mốc kiểm toán #{n}: dòng {i}, mã băm {h}",
               "Signed audit checkpoint #{n}: row {i}, hash {h}").format(
        n=cp.seq, i=cp.head_id, h=cp.head_hash))
    print(Text("  Khóa ký: {k}", "  Signing key: {k}").format(
        k=keys.display_fingerprint(cp.key)))
    print(Text("  Tệp: {p}", "  File: {p}").format(p=audit_anchor.checkpoint_file(data_home())))
    return ExitCode.OK


def register(sub: argparse._SubParsersAction) -> None:
    a = sub.add_parser("audit", help="nhật ký kiểm toán / audit log").add_subparsers(
        dest="audit_command", metavar="ACTION", required=True)
    v = a.add_parser("verify", help="kiểm tra chuỗi băm và các mốc / check chain and "
                                    "checkpoints")
    v.add_argument("--checkpoint", action="append", default=[], metavar="FILE",
                   help="mốc mang từ nơi khác (manifest.json của gói trích xuất, "
                        "checkpoints.jsonl) / checkpoints brought from elsewhere")
    v.add_argument("--json", action="store_true")
    v.set_defaults(func=_verify)
    ls = a.add_parser("list")
    ls.add_argument("--limit", type=int, default=50)
    ls.add_argument("--action", default="")
    ls.set_defaults(func=_list)
    c = a.add_parser("checkpoint", help="ký mốc kiểm toán / sign an audit checkpoint")
    c.add_argument("--reason", default="manual", help="lý do / reason")
    c.set_defaults(func=_checkpoint)
