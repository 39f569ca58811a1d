"""`controlroom verify DIR [--expect-fingerprint SHA256:…]`: check an export folder.

Runs at the post (the key register in the database says whether the key is the post's)
and on an investigator's computer without our database (the fingerprint printed on the
paper custody record, given with --expect-fingerprint, says it). A folder whose key is
known by neither ends NOT VERIFIED: a signature by an unknown key proves nothing.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.orm import Session

from controlroom.cli.common import print_json
from controlroom.errors import ExitCode, UserError
from controlroom.evidence import keys
from controlroom.evidence.verify import KEY_TEXT, STATUS_TEXT, verify_folder
from controlroom.i18n import Text
from controlroom.paths import data_home
from controlroom.records.db import open_database


@contextmanager
def _register() -> Iterator[tuple[Session | None, Text | None]]:
    """The post's database when this computer has one (never creating one on an
    investigator's computer), else None and why."""
    if not os.environ.get("CONTROLROOM_DB_URL") and not data_home().database.is_file():
        yield None, None
        return
    try:
        db = open_database()
        state = db.state()
    except UserError as e:
        yield None, Text(f"Không mở được cơ sở dữ liệu: {e.vi}",
                         f"Cannot open the database: {e.en}")
        return
    except Exception as e:  # verification must still run on a broken installation
        yield None, Text(f"Không mở được cơ sở dữ liệu: {e}", f"Cannot open the database: {e}")
        return
    try:
        if state != "current":
            yield None, Text(f"Cơ sở dữ liệu ở trạng thái «{state}», không đối chiếu được.",
                             f"The database is {state!r}; the key register was not used.")
            return
        with db.read() as s:
            yield s, None
    finally:
        db.dispose()


def _verify(args: argparse.Namespace) -> int:
    with _register() as (session, db_note):
        rep = verify_folder(args.folder, session, args.expect_fingerprint)
    if args.json:
        print_json({"ok": rep.ok, "verified": rep.ok, "intact": rep.intact,
                    "signature_ok": rep.signature_ok, "fingerprint": rep.fingerprint,
                    "expected_fingerprint": rep.expected or None,
                    "key_known": rep.key_known, "key_trusted": rep.key_trusted,
                    "untrusted_reason": str(rep.untrusted) if rep.untrusted else None,
                    "demo": rep.key_demo, "audit_checkpoint": rep.checkpoint,
                    "files": [{"path": f.path, "status": f.status, "detail": f.detail}
                              for f in rep.files],
                    "problems": [str(p) for p in rep.problems]})
        return ExitCode.OK if rep.ok else ExitCode.NOT_VERIFIED
    for f in rep.files:
        print(f"{f.path}: {STATUS_TEXT[f.status]}" + (f" ({f.detail})" if f.detail else ""))
    print(Text("Chữ ký: {s}", "Signature: {s}").format(
        s=Text("HỢP LỆ", "VALID") if rep.signature_ok else Text("KHÔNG HỢP LỆ", "INVALID")))
    if rep.fingerprint:
        print(Text("Khóa: {k}", "Key: {k}").format(k=keys.display_fingerprint(rep.fingerprint)))
    print(Text("  Khóa này {w}.", "  This key {w}.").format(w=KEY_TEXT[rep.key_known]))
    if db_note is not None:
        print(f"  {db_note}")
    if rep.expected:
        print(Text("  Dấu vân tay trên biên bản: {k} — {r}.",
                   "  Fingerprint from the paper record: {k} — {r}.").format(
            k=keys.display_fingerprint(rep.expected),
            r=Text("KHỚP", "MATCHES") if rep.expected == rep.fingerprint
            else Text("KHÁC", "DIFFERS")))
    if rep.key_demo:
        print(Text("  KHÓA THỬ NGHIỆM (DEMO KEY) — không có giá trị chứng cứ.",
                   "  DEMO KEY — not valid as evidence."))
    if rep.checkpoint:
        cp = rep.checkpoint
        print(Text("  Mốc kiểm toán: #{n} lúc {t}, dòng {i}, mã băm {h}…",
                   "  Audit checkpoint: #{n} of {t}, row {i}, hash {h}…").format(
            n=cp["seq"], t=cp["time"], i=cp["head_id"], h=str(cp["head_hash"])[:16]))
    for p in rep.problems:
        print(f"! {p}")
    if rep.untrusted is not None:
        print(f"! {rep.untrusted}")
    bad = len(rep.bad_files) + len(rep.problems)
    if rep.ok:
        print(Text("KẾT QUẢ: ĐẠT — dữ liệu nguyên vẹn, ký bằng khóa của đơn vị.",
                   "RESULT: VERIFIED — data intact and signed with the post's key."))
    elif rep.intact:
        print(Text("KẾT QUẢ: KHÔNG XÁC MINH ĐƯỢC — dữ liệu khớp chữ ký, nhưng khóa ký chưa "
                   "được xác nhận là của đơn vị.",
                   "RESULT: NOT VERIFIED — the data matches its signature, but the signing "
                   "key is not confirmed as the post's."))
    else:
        print(Text("KẾT QUẢ: KHÔNG ĐẠT — {n} vấn đề.", "RESULT: NOT VERIFIED — {n} problem(s).")
              .format(n=bad + (rep.untrusted is not None)))
    return ExitCode.OK if rep.ok else ExitCode.NOT_VERIFIED


def register(sub: argparse._SubParsersAction) -> None:
    v = sub.add_parser("verify", help="kiểm tra gói trích xuất / verify an export folder")
    v.add_argument("folder")
    v.add_argument("--expect-fingerprint", metavar="SHA256:…",
                   help="dấu vân tay khóa in trên biên bản giấy / the key fingerprint printed "
                        "on the paper record")
    v.add_argument("--json", action="store_true")
    v.set_defaults(func=_verify)
