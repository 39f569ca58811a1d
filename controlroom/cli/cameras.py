"""`controlroom camera …` (the camera registry) and `controlroom simulate` (the RTSP
camera simulator for tests, demos and training)."""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
import time
from types import FrameType
from typing import Any

from controlroom.cli.common import cli_identity, db_ready, print_json, read_password, table
from controlroom.errors import ExitCode, InvalidInput, UserError
from controlroom.i18n import Text, lang_index, language
from controlroom.records import cameras
from controlroom.records.cameras import OWNER_KIND_NAMES, CameraSpec
from controlroom.records.models import CameraDevice
from controlroom.video import devices, onvif, urls

SIMULATE_HELP = Text(
    "Lệnh trên stdin: offline N | online N | status | quit",
    "Commands on stdin: offline N | online N | status | quit",
)


def _simulate(args: argparse.Namespace) -> int:
    from controlroom.video.simulator import Simulator

    names = [n.strip() for n in args.names.split(",")] if args.names else None
    auth = args.auth or os.environ.get("CONTROLROOM_SIMULATE_AUTH") or None
    stop = threading.Event()

    def on_signal(_sig: int, _frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    with Simulator(cameras=args.cameras, port=args.port, auth=auth, names=names,
                   fps=args.fps, sub_fps=args.sub_fps, codec=args.codec,
                   audio=None if args.audio == "none" else args.audio,
                   onvif=args.onvif) as sim:
        print(Text("Trình mô phỏng {n} camera đang chạy trên cổng {p}.",
                   "Simulating {n} cameras on port {p}.").format(n=sim.cameras, p=sim.port))
        for i in range(1, sim.cameras + 1):
            print(f"  {i:>2}  {sim.names[i - 1]}")
            for stream in ("main", "sub"):
                print(f"      {stream:<4} {sim.masked_url(i, stream)}")
            if args.onvif:
                print(f"      onvif 127.0.0.1:{sim.onvif_port(i)}")
        print(SIMULATE_HELP, flush=True)

        def commands() -> None:
            for raw in sys.stdin:
                parts = raw.split()
                if not parts:
                    continue
                try:
                    if parts[0] in ("quit", "exit", "thoat"):
                        stop.set()
                        return
                    if parts[0] in ("offline", "online") and len(parts) == 2:
                        sim.set_offline(int(parts[1]), parts[0] == "offline")
                        print(f"OK {parts[0]} {parts[1]}", flush=True)
                    elif parts[0] == "status":
                        off = ",".join(str(i) for i in sorted(sim.offline)) or "-"
                        print(f"OK clients={sim.clients()} offline={off}", flush=True)
                    else:
                        print(f"ERR {SIMULATE_HELP}", flush=True)
                except ValueError:
                    print(f"ERR {SIMULATE_HELP}", flush=True)
                except UserError as e:
                    print(f"ERR {e}", flush=True)
            # End of stdin (e.g. started with </dev/null): keep serving until a signal.

        threading.Thread(target=commands, daemon=True).start()
        try:
            while not stop.wait(0.5):
                if not sim.running:
                    print(Text("Trình mô phỏng đã dừng bất ngờ.",
                               "The simulator stopped unexpectedly."), file=sys.stderr)
                    return ExitCode.SIMULATOR_FAILED
        except KeyboardInterrupt:
            pass
    return 0


# --- camera registry --------------------------------------------------------------------

_TEXT_FIELDS = ("code", "location", "owner_kind", "owner_name", "owner_contact", "notes",
                "vendor", "host")


def _changes(args: argparse.Namespace) -> dict[str, Any]:
    """Only the options that were given (None = not given)."""
    ch: dict[str, Any] = {}
    for f in _TEXT_FIELDS:
        v = getattr(args, f, None)
        if v is not None:
            ch[f] = v
    for opt, f in (("url", "main_url"), ("sub_url", "sub_url"), ("cam_port", "port"),
                   ("channel", "channel"), ("retention_days", "retention_days")):
        v = getattr(args, opt, None)
        if v is not None:
            ch[f] = v
    if args.gps is not None:
        ch["gps_lat"], ch["gps_lon"] = cameras.parse_gps(args.gps)
    if getattr(args, "url", None) is not None and "vendor" not in ch:
        ch["vendor"] = "generic"
    if getattr(args, "no_retention_override", False):
        ch["retention_days"] = None
    if getattr(args, "audio", None) is not None:
        ch["record_audio"] = args.audio == "on"
    return ch


def _credentials(args: argparse.Namespace) -> tuple[str | None, str | None]:
    if args.username is None:
        if args.password_stdin:
            raise InvalidInput("--password-stdin cần đi kèm --username.",
                               "--password-stdin needs --username.")
        return None, None
    if not args.username:
        return "", None
    pw = read_password(args.password_stdin, "Mật khẩu camera / Camera password: ")
    return args.username, pw


def _onvif_address(text: str) -> tuple[str, int]:
    host, _, port = text.strip().rpartition(":") if text.count(":") == 1 else (text, "", "")
    host = host.strip() or text.strip()
    try:
        return host, int(port) if port else onvif.DEFAULT_PORT
    except ValueError:
        raise InvalidInput("--onvif phải có dạng ĐỊA_CHỈ[:CỔNG].",
                           "--onvif must look like HOST[:PORT].") from None


def _print_facts(facts: onvif.DeviceFacts) -> None:
    off = (f"{facts.clock_offset_s:+.1f} s" if facts.clock_offset_s is not None else "?")
    print(Text("ONVIF: {m} {mo}, số sê-ri {s}, firmware {f}; đồng hồ camera lệch {o} so với "
               "máy này; PTZ: {p}",
               "ONVIF: {m} {mo}, serial {s}, firmware {f}; camera clock {o} from this "
               "desk; PTZ: {p}").format(m=facts.manufacturer, mo=facts.model, s=facts.serial,
                                        f=facts.firmware, o=off,
                                        p="có" if facts.ptz else "không"), flush=True)


def _add(args: argparse.Namespace) -> int:
    ch = _changes(args)
    facts = None
    if getattr(args, "onvif", None):
        user, pw = _credentials(args)
        host, port = _onvif_address(args.onvif)
        facts = onvif.inspect(host, port, user, pw)
        _print_facts(facts)
        ch.setdefault("main_url", facts.main_url)
        if facts.sub_url:
            ch.setdefault("sub_url", facts.sub_url)
        ch["vendor"] = "generic"
        spec = CameraSpec(name=args.name, enabled=not args.disabled, **ch)
        db = db_ready()
        with db.session() as s:
            actor = cli_identity()
            cam = cameras.add(s, actor, spec, username=user or None, password=pw)
            devices.save_facts(s, actor, cam, facts)
            code, shown = cam.code, cameras.masked_url(cam)
        print(Text("Đã thêm camera «{n}» (mã {c}): {u}", "Added camera «{n}» (code {c}): {u}")
              .format(n=args.name.strip(), c=code, u=shown))
        return 0
    if args.url is None and ch.get("vendor", "generic") == "generic":
        raise InvalidInput("Cần --url, hoặc --vendor hikvision|dahua với --host.",
                           "Give --url, or --vendor hikvision|dahua with --host.")
    user, pw = _credentials(args)
    spec = CameraSpec(name=args.name, enabled=not args.disabled, **ch)
    db = db_ready()
    with db.session() as s:
        cam = cameras.add(s, cli_identity(), spec, username=user or None, password=pw)
        code, shown = cam.code, cameras.masked_url(cam)
    print(Text("Đã thêm camera «{n}» (mã {c}): {u}", "Added camera «{n}» (code {c}): {u}")
          .format(n=args.name.strip(), c=code, u=shown))
    return 0


def _row(cam: Any) -> dict[str, Any]:
    return {"id": cam.id, "code": cam.code, "name": cam.name, "location": cam.location,
            "gps": [cam.gps_lat, cam.gps_lon] if cam.gps_lat is not None else None,
            "owner_kind": cam.owner_kind, "owner_name": cam.owner_name,
            "owner_contact": cam.owner_contact, "vendor": cam.vendor,
            "main_url": cameras.masked_url(cam, "main"),
            "sub_url": cameras.masked_url(cam, "sub"), "enabled": cam.enabled,
            "has_credentials": cam.has_credentials, "retention_days": cam.retention_days,
            "notes": cam.notes, "record_audio": cam.record_audio}


def _list(args: argparse.Namespace) -> int:
    db = db_ready()
    with db.read() as s:
        rows = [_row(c) for c in cameras.list_cameras(s, include_disabled=not args.enabled)]
    if args.json:
        print_json(rows)
        return 0
    if not rows:
        print(Text("Chưa có camera nào.", "No cameras yet."))
        return 0
    off = "tắt" if language() == "vi" else "off"
    print(table([[r["code"], r["name"], r["location"], r["vendor"], r["main_url"],
                  "" if r["enabled"] else off] for r in rows],
                ["code", "name", "location", "vendor", "main URL", ""]))
    return 0


def _show(args: argparse.Namespace) -> int:
    db = db_ready()
    with db.read() as s:
        cam = cameras.get(s, args.name)
        row = _row(cam)
        dev = s.get(CameraDevice, cam.id)
        if dev is not None:  # what the camera said over ONVIF (maintenance book)
            row["device"] = {
                "onvif": f"{dev.onvif_host}:{dev.onvif_port}", "manufacturer": dev.manufacturer,
                "model": dev.model, "serial": dev.serial, "firmware": dev.firmware,
                "ptz": dev.ptz, "clock_offset_s": dev.clock_offset_s,
                "clock_checked_utc": (dev.clock_checked_utc.isoformat()
                                      if dev.clock_checked_utc else None)}
    kind = OWNER_KIND_NAMES.get(row["owner_kind"], ("", ""))[lang_index()]
    row["owner_kind"] = kind or row["owner_kind"]
    print_json(row)
    return 0


def _edit(args: argparse.Namespace) -> int:
    ch = _changes(args)
    if args.new_name is not None:
        ch["name"] = args.new_name
    if args.enable or args.disable:
        ch["enabled"] = bool(args.enable)
    kw: dict[str, Any] = {}
    if args.clear_credentials:
        kw["username"] = ""
    else:
        user, pw = _credentials(args)
        if user is not None:
            kw["username"], kw["password"] = user, pw
    if not ch and not kw:
        raise InvalidInput("Không có gì để sửa.", "Nothing to change.")
    db = db_ready()
    with db.session() as s:
        cam = cameras.edit(s, cli_identity(), args.name, ch, **kw)
        name = cam.name
    print(Text("Đã cập nhật camera «{n}».", "Updated camera «{n}».").format(n=name))
    return 0


def _remove(args: argparse.Namespace) -> int:
    db = db_ready()
    with db.session() as s:
        name = cameras.get(s, args.name).name
        cameras.remove(s, cli_identity(), args.name)
    print(Text("Đã xóa camera «{n}».", "Removed camera «{n}».").format(n=name))
    return 0


def _test(args: argparse.Namespace) -> int:
    from controlroom.video.probe import ProbeError, probe

    db = db_ready()
    with db.read() as s:
        cam = cameras.get(s, args.name)
        name = cam.name
        cred = cameras.credentials(cam)
        targets = [(st, cameras.stream_url(cam, st)) for st in ("main", "sub")]
    results: dict[str, Any] = {}
    failed = False
    print(Text("Kiểm tra camera «{n}»…", "Testing camera «{n}»…").format(n=name), flush=True)
    for stream, url in targets:
        if not url:
            results[stream] = None
            if not args.json:
                print(f"  {stream:<4} " + str(Text("(không có luồng phụ)", "(no sub stream)")))
            continue
        try:
            r = probe(url, timeout=args.timeout, username=cred.username if cred else None,
                      password=cred.password if cred else None)
        except ProbeError as e:
            failed = True
            results[stream] = {"ok": False, "kind": e.kind, "error": str(e)}
            if not args.json:
                print(f"  {stream:<4} " + str(Text("LỖI", "FAILED")) + f": {e}", flush=True)
            continue
        results[stream] = {"ok": True, **r.as_dict()}
        if not args.json:
            fps = f"{r.fps:g} fps" if r.fps else "? fps"
            kbps = f"~{r.bitrate_kbps:.0f} kb/s" if r.bitrate_kbps else "? kb/s"
            print(f"  {stream:<4} {r.codec} {r.profile}, {r.width}x{r.height}, {fps}, {kbps}, "
                  + str(Text("hình đầu tiên sau {t:.2f} s", "first picture after {t:.2f} s")
                        .format(t=r.first_frame_s)) + f", {r.audio_text}", flush=True)
    if args.json:
        print_json({"camera": name, **results})
    return ExitCode.CAMERA_UNREACHABLE if failed else ExitCode.OK


def _clock(args: argparse.Namespace) -> int:
    db = db_ready()
    offset = devices.refresh_clock(db, cli_identity(), args.name)
    print(Text("Đồng hồ camera lệch {o:+.1f} s so với máy này.",
               "The camera's clock is {o:+.1f} s from this desk's.").format(o=offset))
    return 0


def _ptz(args: argparse.Namespace) -> int:
    db = db_ready()
    actor = cli_identity()
    if args.action in devices.MOVES:
        devices.ptz(db, actor, args.name, "move", direction=args.action, speed=args.speed)
        time.sleep(max(0.0, min(args.seconds, 30.0)))
        devices.ptz(db, actor, args.name, "stop")
    elif args.action == "stop":
        devices.ptz(db, actor, args.name, "stop")
    elif args.action == "goto":
        devices.ptz(db, actor, args.name, "goto_preset", preset=args.preset)
    elif args.action == "save":
        token = devices.ptz(db, actor, args.name, "set_preset", preset=args.preset,
                            name=args.preset_name)
        print(Text("Đã lưu điểm đặt sẵn {t}.", "Saved preset {t}.").format(t=token))
    else:
        for token, name in devices.ptz(db, actor, args.name, "presets"):
            print(f"{token}\t{name}")
    return 0


def _add_fields(p: argparse.ArgumentParser, editing: bool) -> None:
    d = None
    p.add_argument("--url", default=d, help="RTSP URL luồng chính / main stream URL")
    p.add_argument("--sub-url", default=d, help="RTSP URL luồng phụ / sub stream URL")
    p.add_argument("--vendor", choices=urls.VENDORS, default=d)
    p.add_argument("--host", default=d, help="IP / tên máy (với --vendor) / host")
    p.add_argument("--port", dest="cam_port", type=int, default=d, help="RTSP port (554)")
    p.add_argument("--channel", type=int, default=d, help="kênh / channel (1)")
    p.add_argument("--code", default=d, help="mã camera / camera code (CAM-001)")
    p.add_argument("--location", default=d, help="thôn, tổ dân phố / location")
    p.add_argument("--gps", default=d, metavar="LAT,LON")
    p.add_argument("--owner-kind", choices=[k for k in OWNER_KIND_NAMES if k], default=d)
    p.add_argument("--owner-name", default=d, help="chủ camera / owner")
    p.add_argument("--owner-contact", default=d, help="điện thoại chủ / owner contact")
    p.add_argument("--retention-days", type=int, default=d,
                   help="số ngày lưu riêng / retention override")
    p.add_argument("--notes", default=d)
    p.add_argument("--audio", choices=("on", "off"), default=d,
                   help="ghi âm thanh của camera (mặc định bật) / record the camera's sound "
                        "(on by default)")
    p.add_argument("--username", default=d, help="tài khoản camera / camera user name")
    p.add_argument("--password-stdin", action="store_true",
                   help="đọc mật khẩu camera từ stdin / read the camera password from stdin")
    if editing:
        p.add_argument("--new-name", default=d)
        g = p.add_mutually_exclusive_group()
        g.add_argument("--enable", action="store_true")
        g.add_argument("--disable", action="store_true",
                       help="ngừng ghi, giữ dữ liệu / stop recording, keep history")
        p.add_argument("--clear-credentials", action="store_true")
        p.add_argument("--no-retention-override", action="store_true")
    else:
        p.add_argument("--disabled", action="store_true")
        p.add_argument("--onvif", metavar="HOST[:PORT]", default=None,
                       help="hỏi camera qua ONVIF: luồng chính/phụ, model, đồng hồ / ask the "
                            "camera over ONVIF for its streams, model and clock")


def register(sub: argparse._SubParsersAction) -> None:
    c = sub.add_parser("camera", help="camera / cameras").add_subparsers(
        dest="camera_command", metavar="ACTION", required=True)
    a = c.add_parser("add", help="thêm camera / add a camera")
    a.add_argument("name")
    _add_fields(a, editing=False)
    a.set_defaults(func=_add)
    ls = c.add_parser("list", help="danh sách / list")
    ls.add_argument("--json", action="store_true")
    ls.add_argument("--enabled", action="store_true", help="chỉ camera đang bật / enabled only")
    ls.set_defaults(func=_list)
    sh = c.add_parser("show", help="chi tiết / details")
    sh.add_argument("name")
    sh.set_defaults(func=_show)
    e = c.add_parser("edit", help="sửa / edit")
    e.add_argument("name")
    _add_fields(e, editing=True)
    e.set_defaults(func=_edit)
    r = c.add_parser("remove", help="xóa (chỉ khi chưa có ghi hình) / remove (only unused)")
    r.add_argument("name")
    r.set_defaults(func=_remove)
    t = c.add_parser("test", help="kiểm tra kết nối / test the streams")
    t.add_argument("name")
    t.add_argument("--timeout", type=float, default=8.0)
    t.add_argument("--json", action="store_true")
    t.set_defaults(func=_test)
    ck = c.add_parser("clock", help="đọc lại đồng hồ camera qua ONVIF / re-read the camera's "
                                    "clock over ONVIF")
    ck.add_argument("name")
    ck.set_defaults(func=_clock)
    pz = c.add_parser("ptz", help="điều khiển PTZ / pan-tilt-zoom")
    pz.add_argument("name")
    pz.add_argument("action", choices=[*devices.MOVES, "stop", "goto", "save", "presets"])
    pz.add_argument("--seconds", type=float, default=1.0,
                    help="thời gian quay/zoom rồi dừng / move this long, then stop")
    pz.add_argument("--speed", type=float, default=0.5)
    pz.add_argument("--preset", default="", help="số điểm đặt sẵn / preset token")
    pz.add_argument("--preset-name", default="")
    pz.set_defaults(func=_ptz)

    s = sub.add_parser("simulate", help="mô phỏng camera RTSP / simulate RTSP cameras",
                       description=f"{SIMULATE_HELP.vi}\n{SIMULATE_HELP.en}")
    s.add_argument("--cameras", type=int, default=4)
    s.add_argument("--port", type=int, default=8554)
    s.add_argument("--auth", metavar="USER:PASS", default=None,
                   help="hoặc biến môi trường / or the environment variable "
                        "CONTROLROOM_SIMULATE_AUTH (not visible in ps)")
    s.add_argument("--names", default="", help="tên, cách nhau bởi dấu phẩy / comma-separated")
    s.add_argument("--fps", type=int, default=12, help="main stream fps")
    s.add_argument("--sub-fps", type=int, default=10)
    s.add_argument("--codec", choices=("h264", "h265"), default="h264",
                   help="mã hóa luồng chính / main stream codec")
    s.add_argument("--audio", choices=("none", "pcma", "pcmu", "aac"), default="none",
                   help="âm thanh của camera (G.711 A-law/µ-law 8 kHz, AAC 16 kHz) / the "
                        "cameras' sound")
    s.add_argument("--onvif", action="store_true",
                   help="dịch vụ ONVIF cho từng camera / an ONVIF device service per camera")
    s.set_defaults(func=_simulate)
