"""`controlroom record`, `recorder status|stop`, `recordings list|verify`,
`hold add|list|release`."""

from __future__ import annotations

import argparse
import contextlib
import sys
from datetime import datetime
from typing import Any

from sqlalchemy import select

from controlroom.cli.common import cli_identity, confirm, db_ready, print_json, table
from controlroom.errors import ExitCode, InvalidInput, NotFound, UserError
from controlroom.i18n import Text, language
from controlroom.paths import data_home
from controlroom.records import holds, settings
from controlroom.records.models import Camera, Gap, Segment
from controlroom.timeutil import DEFAULT_TZ, format_local, parse_time, utcnow
from controlroom.video.health import explain


def _record(args: argparse.Namespace) -> int:
    from controlroom.video.recorder import Recorder, RecorderOptions

    if args.segment_seconds is not None and not 2 <= args.segment_seconds <= 600:
        raise InvalidInput("--segment-seconds phải từ 2 đến 600.",
                           "--segment-seconds must be 2 to 600.")
    db = db_ready()
    opts = RecorderOptions(segment_seconds=args.segment_seconds,
                           max_backoff_s=args.max_backoff_seconds,
                           auth_retry_s=args.auth_retry_seconds,
                           retention_interval_s=args.retention_interval_seconds)
    Recorder(data_home(), db, opts).run()
    return 0


def _recorder_status(args: argparse.Namespace) -> int:
    """Is this data home's recorder running, since when, and what each camera does. The
    recorder runs on after the desk's window is closed (recording must not depend on it)."""
    from controlroom.video.control import RecorderClient, read_runfile

    home = data_home()
    doc = RecorderClient(home).status()
    if doc is None:
        if args.json:
            print_json({"running": False, "home": str(home.root)})
        else:
            print(Text("Trình ghi hình không chạy (thư mục dữ liệu {h}).",
                       "The recorder is not running (data home {h}).").format(h=home.root))
        return ExitCode.RECORDER_NOT_RUNNING
    run = read_runfile(home) or {}
    if args.json:
        print_json({"running": True, "home": str(home.root), "port": run.get("port"), **doc})
        return 0
    zone = DEFAULT_TZ
    names: dict[int, str] = {}
    forecast = None
    with contextlib.suppress(Exception):  # the status must show even if the DB is busy
        db = db_ready()
        try:
            with db.read() as s:
                zone = str(settings.get(s, "time_zone"))
                names = {c.id: c.name for c in s.scalars(select(Camera))}
            from controlroom.video.storage import recording_forecast

            forecast = recording_forecast(home, db)
        finally:
            db.dispose()
    started = _iso(doc.get("started_utc"))
    print(Text("Trình ghi hình đang chạy: pid {p}, từ {t}, thư mục dữ liệu {h}.",
               "The recorder is running: pid {p}, since {t}, data home {h}.").format(
        p=doc.get("pid"), t=format_local(started, zone) if started else "?", h=home.root))
    disk = doc.get("disk") or {}
    if disk:
        print(Text("Ổ ghi: còn trống {f}% ({g} GB){a}.", "Recording disk: {f}% free ({g} GB){a}.")
              .format(f=disk.get("free_percent"), g=round((disk.get("free_bytes") or 0) / 1e9, 1),
                      a=f" — {disk.get('alarm_reason')}" if disk.get("alarm") else ""))
    if forecast is not None and forecast.days_left is not None:
        print(Text("Ghi hình: còn khoảng {d} ngày (ghi {r} GB mỗi ngày).",
                   "Recording: about {d} days left ({r} GB a day).").format(
            d=int(forecast.days_left), r=round((forecast.bytes_per_day or 0) / 1e9, 1)))
    for alarm in doc.get("alarms", []):
        print(Text("BÁO ĐỘNG: {m}", "ALARM: {m}").format(
            m=alarm.get(language()) or alarm.get("en") or alarm.get("kind")))
    rows = []
    for c in doc.get("cameras", []):
        since = _iso(c.get("since"))
        rows.append([str(c.get("camera_id")), str(names.get(c.get("camera_id"), "")),
                     str(c.get("stream")), str(c.get("state")),
                     str(Text("có", "yes") if c.get("recording") else Text("không", "no")),
                     format_local(since, zone) if since else "",
                     _last_error(c)])
    if rows:
        print(table(rows, [str(Text(*h)) for h in (
            ("id", "id"), ("camera", "camera"), ("luồng", "stream"), ("trạng thái", "state"),
            ("đang ghi", "recording"), ("từ", "since"), ("lỗi gần nhất", "last error"))]))
    return 0


def _last_error(stream: dict[str, Any]) -> str:
    """The stream's last failure in the desk's language (the recorder explains FFmpeg's
    "401 Unauthorized" and the like), else its raw text."""
    explained = stream.get("last_error_text") or {}
    text = explained.get(language()) if isinstance(explained, dict) else None
    return str(text or stream.get("last_error") or "")[:90]


def _iso(value: Any) -> datetime | None:
    try:
        return datetime.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _recorder_stop(args: argparse.Namespace) -> int:
    """Stop this data home's recorder: it closes and indexes the open segments first.
    Audited; recording stays off until the desk is opened again or `record` is run."""
    from controlroom.records import audit
    from controlroom.video.control import RecorderClient, read_runfile, stop_recorder

    home = data_home()
    if not RecorderClient(home).is_running():
        print(Text("Trình ghi hình không chạy.", "The recorder is not running."))
        return ExitCode.RECORDER_NOT_RUNNING
    pid = (read_runfile(home) or {}).get("pid")
    if not confirm(str(Text("Dừng ghi hình mọi camera của thư mục dữ liệu này?",
                            "Stop recording every camera of this data home?")), args.yes):
        print(Text("Không dừng.", "Not stopped."))
        return ExitCode.CANCELLED
    stopped = stop_recorder(home, wait_s=args.wait)
    with contextlib.suppress(Exception):
        db = db_ready()
        try:
            with db.session() as s:
                actor = cli_identity()
                audit.record(s, actor.username, "recorder.stop", "recorder", str(pid or ""),
                             stopped=stopped)
        finally:
            db.dispose()
    if not stopped:
        raise RecorderStopFailed(
            "Trình ghi hình (pid {p}) chưa dừng sau {w} giây; xem logs/recorder.log.",
            "The recorder (pid {p}) did not stop within {w} s; see logs/recorder.log.",
            p=pid, w=args.wait)
    print(Text("Đã dừng trình ghi hình (pid {p}); các đoạn đang ghi đã được đóng và lập chỉ mục.",
               "The recorder (pid {p}) stopped; the open segments were closed and indexed.")
          .format(p=pid))
    return 0


class RecorderStopFailed(UserError):
    exit_code = ExitCode.RECORDER_STOP_FAILED


def _camera(session: Any, name: str) -> Camera:
    cam = session.scalar(select(Camera).where((Camera.name == name) | (Camera.code == name)))
    if cam is None and name.isdigit():
        cam = session.get(Camera, int(name))
    if cam is None:
        raise NotFound("Không có camera «{n}».", "No camera «{n}».", n=name)
    return cam


def _range(args: argparse.Namespace) -> tuple[datetime, datetime]:
    start = parse_time(args.start) if args.start else datetime(1970, 1, 1).astimezone()
    end = parse_time(args.end) if args.end else utcnow()
    if end <= start:
        raise InvalidInput("--to phải sau --from.", "--to must be after --from.")
    return start, end


def _list(args: argparse.Namespace) -> int:
    db = db_ready()
    start, end = _range(args)
    with db.read() as s:
        cam = _camera(s, args.camera)
        cam_id, cam_name, cam_code = cam.id, cam.name, cam.code
        tzname = settings.get(s, "time_zone")
        segs = list(s.scalars(select(Segment).where(
            Segment.camera_id == cam.id, Segment.stream == args.stream,
            Segment.start_utc < end, Segment.end_utc > start).order_by(Segment.start_utc)))
        gaps = list(s.scalars(select(Gap).where(
            Gap.camera_id == cam.id, Gap.stream == args.stream, Gap.start_utc < end,
            (Gap.end_utc.is_(None)) | (Gap.end_utc > start)).order_by(Gap.start_utc)))
        s.expunge_all()  # keep the loaded rows usable after the read snapshot ends
    if args.json:
        print_json({
            "camera": {"id": cam_id, "name": cam_name, "code": cam_code},
            "segments": [{"id": g.id, "start": g.start_utc.isoformat(),
                          "end": g.end_utc.isoformat(), "duration_s": round(g.duration_s, 3),
                          "bytes": g.bytes, "sha256": g.sha256, "state": g.state,
                          "path": g.path, "codec": g.codec, "width": g.width,
                          "height": g.height} for g in segs],
            "gaps": [{"id": g.id, "start": g.start_utc.isoformat(),
                      "end": g.end_utc.isoformat() if g.end_utc else None,
                      "reason": g.reason, "detail": g.detail} for g in gaps],
        })
        return 0
    rows: list[tuple[datetime, list[str]]] = []
    for seg in segs:
        rows.append((seg.start_utc, [format_local(seg.start_utc, tzname),
                                     format_local(seg.end_utc, tzname),
                                     f"{seg.duration_s:.1f}", _state(seg.state),
                                     f"{seg.bytes / 1e6:.1f} MB", seg.path]))
    for gap in gaps:
        rows.append((gap.start_utc, [format_local(gap.start_utc, tzname),
                                     format_local(gap.end_utc, tzname) if gap.end_utc else "…",
                                     "", _gap(gap.reason), "", _gap_detail(gap)]))
    rows.sort(key=lambda r: r[0])
    print(f"{cam_name} ({cam_code}) — {args.stream}")
    if not rows:
        print(Text("Không có ghi hình trong khoảng này.", "No recordings in this range."))
        return 0
    print(table([r for _, r in rows], ["bắt đầu/start", "kết thúc/end", "s",
                                       "trạng thái/state", "size", "file / detail"]))
    return 0


_STATES = {"open": ("đang ghi", "recording"), "closed": ("đã ghi", "recorded"),
           "missing": ("MẤT TỆP", "FILE MISSING"), "corrupt": ("HỎNG", "CORRUPT")}
_GAPS = {"offline": ("mất tín hiệu", "camera offline"),
         "auth_failed": ("sai mật khẩu", "wrong credentials"),
         "recorder_stopped": ("trình ghi dừng", "recorder stopped"),
         "disk_full": ("đầy ổ đĩa", "disk full"), "error": ("lỗi", "error")}


def _state(state: str) -> str:
    vi, en = _STATES.get(state, (state, state))
    return str(Text(vi, en))


def _gap(reason: str) -> str:
    vi, en = _GAPS.get(reason, (reason, reason))
    return str(Text(f"KHOẢNG TRỐNG: {vi}", f"GAP: {en}"))


def _verify(args: argparse.Namespace) -> int:
    from controlroom.video.recovery import sha256_file

    db = db_ready()
    root = data_home().recordings
    with db.read() as s:
        q = select(Segment).where(Segment.state.in_(("closed", "missing", "corrupt")))
        if args.camera:
            q = q.where(Segment.camera_id == _camera(s, args.camera).id)
        segs = [(g.path, g.sha256, g.bytes, g.state) for g in
                s.scalars(q.order_by(Segment.camera_id, Segment.start_utc))]
    bad = 0
    for path, digest, size, state in segs:
        p = root / path
        if not p.exists():
            bad += 1
            print(Text(f"MẤT TỆP: {path}", f"MISSING: {path}"))
            continue
        if state == "corrupt":
            bad += 1
            print(Text(f"HỎNG (không đọc được khi khôi phục): {path}",
                       f"CORRUPT (unreadable at recovery): {path}"))
            continue
        actual, actual_size = sha256_file(p)
        if actual != digest or actual_size != size:
            bad += 1
            print(Text(f"SAI LỆCH: {path} (mã băm trong chỉ mục {digest[:16]}…, "
                       f"của tệp {actual[:16]}…)",
                       f"MISMATCH: {path} (index sha256 {digest[:16]}…, "
                       f"file {actual[:16]}…)"))
    total = len(segs)
    if bad:
        print(Text(f"{bad}/{total} đoạn ghi hình không khớp với chỉ mục.",
                   f"{bad}/{total} segments do not match the index."), file=sys.stderr)
        return ExitCode.NOT_VERIFIED
    print(Text(f"Đã kiểm tra {total} đoạn ghi hình: tất cả khớp với chỉ mục.",
               f"Checked {total} segments: all match the index."))
    return 0


def _gap_detail(gap: Gap) -> str:
    """What the camera or FFmpeg said, in the desk's language ("401 Unauthorized" →
    "Camera từ chối tên đăng nhập/mật khẩu (401)…")."""
    if gap.reason in ("offline", "auth_failed", "error") and gap.detail:
        return str(explain(gap.detail))[:90]
    return gap.detail[:60]


def _hold_add(args: argparse.Namespace) -> int:
    db = db_ready()
    start, end = parse_time(args.start), parse_time(args.end)
    with db.session() as s:
        cam = _camera(s, args.camera)
        h = holds.add_hold(s, cli_identity(), cam.id, start, end, "manual", "", args.reason)
        print(h.id)
    return 0


def _hold_list(args: argparse.Namespace) -> int:
    db = db_ready()
    with db.read() as s:
        tzname = settings.get(s, "time_zone")
        rows = holds.all_holds(s, include_released=args.all)
        names = {c.id: c.name for c in s.scalars(select(Camera))}
        s.expunge_all()
    if args.json:
        print_json([{"id": h.id, "camera_id": h.camera_id, "start": h.start_utc.isoformat(),
                     "end": h.end_utc.isoformat(), "source": h.source,
                     "source_id": h.source_id, "reason": h.reason,
                     "created_by": h.created_by,
                     "released_at": h.released_at.isoformat() if h.released_at else None}
                    for h in rows])
        return 0
    print(table([[str(h.id), names.get(h.camera_id, str(h.camera_id)),
                  format_local(h.start_utc, tzname), format_local(h.end_utc, tzname),
                  h.source, h.reason[:40], format_local(h.released_at, tzname)]
                 for h in rows],
                ["id", "camera", "từ/from", "đến/to", "nguồn/source", "lý do/reason",
                 "gỡ/released"]))
    return 0


def _hold_release(args: argparse.Namespace) -> int:
    db = db_ready()
    with db.session() as s:
        holds.release_hold(s, cli_identity(), args.id, args.reason)
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    r = sub.add_parser("record", help="chạy trình ghi hình / run the recorder (headless)")
    r.add_argument("--segment-seconds", type=float, default=None,
                   help="độ dài đoạn (mặc định theo thiết lập) / segment length")
    r.add_argument("--max-backoff-seconds", type=float, default=30.0, help=argparse.SUPPRESS)
    r.add_argument("--auth-retry-seconds", type=float, default=300.0, help=argparse.SUPPRESS)
    r.add_argument("--retention-interval-seconds", type=float, default=60.0,
                   help=argparse.SUPPRESS)
    r.set_defaults(func=_record)

    rs = sub.add_parser(
        "recorder", help="trình ghi hình chạy nền / the background recorder",
        description="The recorder runs in its own process and keeps recording after the "
                    "desk's window is closed. / Trình ghi hình chạy riêng và vẫn ghi khi "
                    "đã đóng cửa sổ bàn trực.").add_subparsers(
        dest="recorder_command", metavar="ACTION", required=True)
    st = rs.add_parser("status", help="đang chạy? từng camera / running? each camera")
    st.add_argument("--json", action="store_true")
    st.set_defaults(func=_recorder_status)
    sp = rs.add_parser("stop", help="dừng ghi hình (có ghi nhật ký) / stop recording (audited)")
    sp.add_argument("--yes", action="store_true", help="không hỏi lại / do not ask")
    sp.add_argument("--wait", type=float, default=30.0, metavar="SECONDS",
                    help="chờ tối đa / wait at most (30)")
    sp.set_defaults(func=_recorder_stop)

    rec = sub.add_parser("recordings", help="ghi hình đã lưu / recorded footage").add_subparsers(
        dest="recordings_command", metavar="ACTION", required=True)
    ls = rec.add_parser("list", help="đoạn ghi và khoảng trống / segments and gaps")
    ls.add_argument("--camera", required=True, help="tên, mã hoặc số / name, code or id")
    ls.add_argument("--from", dest="start", help="ISO hoặc dd/MM/yyyy HH:mm")
    ls.add_argument("--to", dest="end", help="ISO hoặc dd/MM/yyyy HH:mm")
    ls.add_argument("--stream", choices=("main", "sub"), default="main")
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(func=_list)
    v = rec.add_parser("verify", help="băm lại và so với chỉ mục / re-hash against the index")
    v.add_argument("--camera")
    v.set_defaults(func=_verify)

    h = sub.add_parser("hold", help="giữ dữ liệu làm chứng cứ / evidence holds").add_subparsers(
        dest="hold_command", metavar="ACTION", required=True)
    ha = h.add_parser("add")
    ha.add_argument("--camera", required=True)
    ha.add_argument("--from", dest="start", required=True)
    ha.add_argument("--to", dest="end", required=True)
    ha.add_argument("--reason", default="")
    ha.set_defaults(func=_hold_add)
    hl = h.add_parser("list")
    hl.add_argument("--all", action="store_true", help="kể cả đã gỡ / include released")
    hl.add_argument("--json", action="store_true")
    hl.set_defaults(func=_hold_list)
    hr = h.add_parser("release")
    hr.add_argument("id", type=int)
    hr.add_argument("--reason", default="")
    hr.set_defaults(func=_hold_release)
