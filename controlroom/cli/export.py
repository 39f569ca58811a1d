"""`controlroom export …`, `controlroom exports`,
`controlroom signing-key`.

The export command goes through exactly the services the dialog uses: the officer signs
in, the request is registered, a leader (--approver) signs in and approves it, and
run_export writes the signed folder. Passwords come from the terminal or, with
--password-stdin, one per line (officer first, then approver).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from sqlalchemy import or_, select

from controlroom.cli.common import cli_identity, db_ready, read_password, table
from controlroom.errors import ExitCode, InvalidInput, NotFound
from controlroom.evidence import keys, rules
from controlroom.evidence.drives import FsIdentity
from controlroom.evidence.export import Progress, require_dest, run_export, target_identity
from controlroom.i18n import Text
from controlroom.records import exports, users
from controlroom.records.db import Database
from controlroom.records.models import Camera
from controlroom.records.types import nfc
from controlroom.timeutil import format_local, parse_range


def _camera_ids(session: object, names: list[str]) -> list[int]:
    ids = []
    for name in names:
        n = nfc(name.strip()) or ""
        cam = session.scalar(  # type: ignore[attr-defined]
            select(Camera).where(or_(Camera.name == n, Camera.code == n)))
        if cam is None:
            raise NotFound("Không có camera «{c}».", "No camera «{c}».", c=name)
        ids.append(cam.id)
    return ids


def _progress_printer() -> object:
    last = [0.0]

    def show(p: Progress) -> None:
        now = time.monotonic()
        if now - last[0] < 1.0 and p.phase != "finish":
            return
        last[0] = now
        eta = f"{p.eta_s:.0f}s" if p.eta_s is not None else "?"
        print(f"  [{p.phase}] {p.done / 1e6:.1f}/{p.total / 1e6:.1f} MB "
              f"{p.speed / 1e6:.1f} MB/s, ~{eta}", file=sys.stderr)

    return show


_NEW_ONLY = ("camera", "start", "end", "request_ref", "reason", "agency", "incident",
             "approver", "witness", "owner", "medium", "seal")


def _export(args: argparse.Namespace) -> int:
    dest = require_dest(args.dest)
    device = target_identity(dest)  # the drive chosen now is the only one written to
    if args.request:
        given = [f"--{k.replace('_', '-')}" for k in _NEW_ONLY if getattr(args, k)]
        if given:
            raise InvalidInput(
                "--request chạy đúng yêu cầu đã được duyệt; không dùng kèm {a}.",
                "--request runs the approved request as it stands; do not add {a}.",
                a=", ".join(given))
        return _run_request(args, dest, device)
    missing = [f"--{k.replace('_', '-')}" for k in ("camera", "start", "end", "request_ref",
                                                    "reason") if not getattr(args, k)]
    if missing:
        raise InvalidInput("Thiếu {a} (hoặc dùng --request SỐ để chạy yêu cầu đã duyệt).",
                           "Missing {a} (or use --request NUMBER for an approved request).",
                           a=", ".join(missing))
    start, end = parse_range(args.start, args.end)
    officer_pw = read_password(args.password_stdin, f"Mật khẩu của {args.officer}: ", False)
    approver_pw = (read_password(args.password_stdin, f"Mật khẩu của {args.approver}: ", False)
                   if args.approver else "")
    db = db_ready()
    officer = users.sign_in(db, args.officer, officer_pw)
    rules.check_destination(officer, dest)
    with db.read() as s:
        cam_ids = _camera_ids(s, args.camera)
    req = exports.ExportRequest(tuple(cam_ids), start, end, args.request_ref, args.reason,
                                agency=args.agency, incident_code=args.incident,
                                witness=args.witness, camera_owner=args.owner,
                                medium=args.medium, seal_number=args.seal)
    leader = users.sign_in(db, args.approver, approver_pw) if args.approver else None
    with db.session() as s:
        exp = exports.create_request(s, officer, req)
        eid, number = exp.id, exp.record_number
        if leader is not None:
            rules.approve(s, leader, eid)
    if leader is None:
        print(Text("Đã ghi yêu cầu {n}; đang chờ lãnh đạo duyệt. Khi đã duyệt, chạy: "
                   "controlroom export --request {i} --dest … --officer {o}",
                   "Request {n} registered; waiting for a leader's approval. Once approved, "
                   "run: controlroom export --request {i} --dest … --officer {o}")
              .format(n=number, i=eid, o=args.officer))
        return ExitCode.OK
    return _run(db, officer, eid, dest, device)


def _run_request(args: argparse.Namespace, dest: Path, device: FsIdentity) -> int:
    officer_pw = read_password(args.password_stdin, f"Mật khẩu của {args.officer}: ", False)
    db = db_ready()
    officer = users.sign_in(db, args.officer, officer_pw)
    with db.read() as s:
        exp = exports.by_number(s, args.request)
        eid = exp.id
        rules.check_runner(s, exp, officer)
    rules.check_destination(officer, dest)
    return _run(db, officer, eid, dest, device)


def _run(db: Database, officer: users.Identity, eid: int, dest: Path,
         device: FsIdentity) -> int:
    show = _progress_printer() if sys.stderr.isatty() else None
    res = run_export(db, officer, eid, dest, progress=show,  # type: ignore[arg-type]
                     device=device)
    print(Text("Đã trích xuất xong: {f}", "Export complete: {f}").format(f=res.folder))
    print(f"  SHA256SUMS: {res.sums_sha256}")
    print(f"  manifest.json (mã kiểm tra / check code): {res.manifest_sha256}")
    print(Text("  Khóa ký: {k}", "  Signing key: {k}").format(k=res.fingerprint_display))
    if res.gaps:
        print(Text("  Có {n} khoảng không có ghi hình (xem manifest/biên bản).",
                   "  {n} gap(s) without recording (see manifest/record).").format(n=res.gaps))
    if res.demo:
        print(Text("  CẢNH BÁO: khóa thử nghiệm (DEMO KEY) — không có giá trị chứng cứ.",
                   "  WARNING: DEMO KEY — not valid as evidence."))
    print(Text("  An toàn để rút USB.", "  Safe to remove the drive."))
    return ExitCode.OK


def _list(args: argparse.Namespace) -> int:
    db = db_ready()
    with db.read() as s:
        rows = exports.list_exports(s, args.status)
        data = [[e.record_number, e.status, format_local(e.created_at),
                 exports.user_name(s, e.officer_id), exports.user_name(s, e.approver_id),
                 f"{format_local(e.start_utc)} – {format_local(e.end_utc)}", e.request_ref,
                 e.medium] for e in rows]
    print(table(data, ["record", "status", "created", "officer", "approver", "range",
                       "request", "medium"]))
    return 0


def _key(args: argparse.Namespace) -> int:
    db = db_ready()
    if args.rotate:
        info = keys.rotate_key(db, cli_identity())
        print(Text("Đã tạo khóa ký mới: {k}", "New signing key: {k}").format(k=info.display))
        return 0
    with db.read() as s:
        rows = [(r.fingerprint, r.demo, r.created_at, r.retired_at) for r in keys.known_keys(s)]
    if not rows:
        print(Text("Chưa có khóa ký (tạo khi trích xuất lần đầu).",
                   "No signing key yet (created at the first export)."))
    for fp, demo, created, retired in rows:
        state = "retired" if retired else "current"
        print(f"{keys.display_fingerprint(fp)}  {state}{' DEMO' if demo else ''}  "
              f"{format_local(created)}")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    e = sub.add_parser(
        "export", help="trích xuất dữ liệu làm chứng cứ / evidence export",
        description="Ghi yêu cầu trích xuất, (nếu có --approver) cho lãnh đạo duyệt và ghi gói "
        "dữ liệu có chữ ký ra ổ đích; hoặc chạy một yêu cầu đã duyệt bằng --request. / "
        "Register an export request, have a leader approve it (--approver) and write the "
        "signed package to the target; or run an approved request with --request.",
        epilog="Ví dụ / examples:\n"
        "  controlroom export --camera CAM-01 --start '22/11/2026 08:00' --end "
        "'22/11/2026 08:10' --dest /media/usb --officer duc --request-ref 'CV 15/CAX' "
        "--reason 'Điều tra vụ trộm' --approver hang\n"
        "  controlroom export --request 12 --dest /media/usb --officer duc",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    e.add_argument("--request", default="", metavar="SỐ/NUMBER",
                   help="chạy yêu cầu đã được duyệt số này (vd. 12 hoặc 0012/BB-TXDL), chỉ "
                   "người đề nghị, một lần / execute this approved request (e.g. 12 or "
                   "0012/BB-TXDL): its requester only, once")
    e.add_argument("--camera", action="append", default=[],
                   help="tên hoặc mã camera, lặp lại cho nhiều camera / camera name or code, "
                   "repeat for several")
    e.add_argument("--start", default="",
                   help="bắt đầu: ISO 8601 hoặc dd/MM/yyyy HH:mm[:ss], giờ địa phương / "
                   "start: ISO 8601 or dd/MM/yyyy HH:mm[:ss], local time")
    e.add_argument("--end", default="",
                   help="kết thúc, cùng định dạng; không được ở tương lai, tối đa 24 giờ sau "
                   "--start / end, same formats; not in the future, at most 24 h after --start")
    e.add_argument("--dest", required=True,
                   help="thư mục trên ổ đích (cán bộ: chỉ ổ rời USB/thẻ nhớ) / folder on the "
                   "target drive (officers: removable drives only)")
    e.add_argument("--officer", required=True,
                   help="tên đăng nhập cán bộ thực hiện (người đề nghị) / username of the "
                   "exporting officer (the requester)")
    e.add_argument("--request-ref", default="",
                   help="số công văn / yêu cầu, tối đa 200 ký tự / request reference (official "
                   "letter number), at most 200 characters")
    e.add_argument("--reason", default="",
                   help="lý do trích xuất, in trong biên bản, tối đa 2000 ký tự / reason, "
                   "printed on the record, at most 2000 characters")
    e.add_argument("--agency", default="",
                   help="cơ quan đề nghị, vd. «Công an huyện Đông Anh» / requesting agency")
    e.add_argument("--incident", default="", help="mã vụ việc liên quan / linked incident code")
    e.add_argument("--approver", default="",
                   help="tên đăng nhập lãnh đạo duyệt ngay (khác người đề nghị); bỏ trống thì "
                   "yêu cầu chờ duyệt / username of the leader approving now (not the "
                   "requester); without it the request waits for approval")
    e.add_argument("--witness", default="",
                   help="người chứng kiến (họ tên), in trong biên bản / witness's name, printed "
                   "on the record")
    e.add_argument("--owner", default="", help="chủ / người quản lý camera / camera owner")
    e.add_argument("--medium", default="", help="vật mang tin / storage medium")
    e.add_argument("--seal", default="", help="số niêm phong / seal number")
    e.add_argument("--password-stdin", action="store_true",
                   help="đọc mật khẩu từ đầu vào chuẩn, mỗi dòng một mật khẩu: cán bộ trước, "
                   "lãnh đạo (--approver) sau / read passwords from standard input, one per "
                   "line: the officer's first, then the approver's")
    e.set_defaults(func=_export)
    ls = sub.add_parser("exports", help="sổ trích xuất / custody register")
    ls.add_argument("--status", choices=("pending", "approved", "running", "completed",
                                         "failed", "refused", "cancelled"))
    ls.set_defaults(func=_list)
    k = sub.add_parser("signing-key", help="khóa ký / signing key")
    k.add_argument("--rotate", action="store_true", help="đổi khóa / rotate (admin)")
    k.set_defaults(func=_key)
