"""GStreamer RTSP server behind `controlroom.video.simulator` (not imported by the app).

Why a separate script: GstRtspServer is reachable from Python only through PyGObject,
which Debian ships for its own `/usr/bin/python3`, not for the application's venv. The
parent process (`simulator.Simulator`) starts this script with that interpreter and
talks to it over stdin/stdout, one line per message:

    parent → child   first line: JSON config {"cameras": [...names], "port": 0,
                     "auth": "user:pass" | null, "auth_method": "digest" | "basic",
                     "fps": 12, "sub_fps": 10,
                     "codecs": ["h264" | "h265" | "mjpeg", ...] (main stream, per camera),
                     "audio": ["pcma" | "pcmu" | "aac" | null, ...] (per camera),
                     "av_marks": false}
    child → parent   "READY <port>" once the socket is bound, or "FATAL <reason>"
                     "onvif": false, "clock_offsets": [s, ...], "ptz": [bool, ...]
    parent → child   "offline <i>" | "online <i>" | "clients" | "quit"
                     | "onvif" (→ "OK onvif <port1> <port2> …") | "ptz <i>" (→ "OK ptz <json>")
    child → parent   "OK ..." or "ERR <reason>" for each command

End of stdin means the parent is gone: the server stops, so no simulator outlives the
test or demo that started it. Credentials arrive on stdin, never on the command line
(which `ps` shows to every user).

Cost: each camera stream is one shared pipeline (`set_shared`) built only when the first
client connects and torn down when the last one leaves; frames are solid colour with a
burned-in name and wall clock, encoded 4:2:0 with x264 ultrafast/zerolatency, which
keeps static areas almost free to encode. H.265 main streams use x265 (ultrafast,
zerolatency); sub streams stay H.264 as on most cameras.

Audio, like the cameras sold in Vietnam: G.711 A-law or µ-law 8 kHz mono (the Hikvision
/ Dahua factory default, RTP payload 8 / 0) or AAC 16 kHz mono (mpeg4-generic), on both
streams of a camera. With `av_marks` picture and sound carry marks on the same running
time, so a test can measure the A/V offset of a recording: the picture is black for the
first half of every second and white for the second half, the sound silent then a
1 kHz tone (both driven by one square-wave control source, applied per buffer).
"""

from __future__ import annotations

import json
import os
import sys
import threading
from typing import Any

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstController", "1.0")
gi.require_version("GstRtsp", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstController, GstRtsp, GstRtspServer  # noqa: E402

# Background colours (ARGB) so the tiles of different cameras are told apart at a glance.
COLOURS = (0xFF1F3A5F, 0xFF3B5F1F, 0xFF5F1F3A, 0xFF5F4A1F, 0xFF1F5F55, 0xFF4A1F5F,
           0xFF2E2E2E, 0xFF5F2A1F, 0xFF1F4A5F, 0xFF3F3F1F, 0xFF1F1F5F, 0xFF5F1F1F)

STREAMS = {"main": (1280, 720, "Sans Bold 28"), "sub": (640, 360, "Sans Bold 14")}
ROLE = "camera-user"


def _say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


class CameraFactory(GstRtspServer.RTSPMediaFactory):
    """One camera stream: test source, name + clock overlay, H.264, RTP payloader."""

    def __init__(self, index: int, name: str, stream: str, fps: int, qp: int,
                 codec: str = "h264", clip: str = "", audio: str | None = None,
                 av_marks: bool = False) -> None:
        super().__init__()
        self.codec = codec
        self.audio = audio
        self.av_marks = av_marks
        self.clip = clip  # a pre-encoded H.264 Annex-B file to loop instead of encoding
        self.index = index
        self.name = name
        self.stream = stream
        self.fps = fps
        self.qp = qp  # constant quantiser: cheaper than rate control, like a camera's VBR
        self.set_shared(True)

    def do_create_element(self, url: GstRtsp.RTSPUrl) -> Gst.Element:
        if self.clip:
            return self._looped_clip()
        w, h, font = STREAMS[self.stream]
        colour = COLOURS[(self.index - 1) % len(COLOURS)]
        if self.codec == "mjpeg":  # an old/odd camera, to test codec refusal
            enc = "jpegenc quality=50 ! rtpjpegpay name=pay0 pt=26"
        elif self.codec == "h265":
            enc = (f"x265enc tune=zerolatency speed-preset=ultrafast "
                   f"key-int-max={2 * self.fps} qp={self.qp} "
                   f"option-string=\"pools=1:frame-threads=1:lookahead-slices=0\" "
                   f"! video/x-h265,profile=main ! h265parse "
                   f"! rtph265pay name=pay0 pt=96 config-interval=1")
        else:
            enc = (f"x264enc tune=zerolatency speed-preset=ultrafast threads=1 "
                   f"key-int-max={2 * self.fps} pass=quant quantizer={self.qp} "
                   f"! video/x-h264,profile=constrained-baseline "
                   f"! rtph264pay name=pay0 pt=96 config-interval=1")
        desc = (
            f"( videotestsrc name=vsrc is-live=true pattern=solid-color "
            f"foreground-color={colour} "
            f"! video/x-raw,format=I420,width={w},height={h},framerate={self.fps}/1 "
            f"! clockoverlay name=ov halignment=left valignment=top shaded-background=true "
            f"time-format=\"%d/%m/%Y %H:%M:%S\" font-desc=\"{font}\" "
            f"! {enc} {self._audio_branch()})"
        )
        bin_ = Gst.parse_launch(desc)
        # The name is set as a property, not spliced into the launch string, so quotes
        # or other characters in a camera name cannot break the pipeline.
        bin_.get_by_name("ov").set_property("text", f"{self.name}  [{self.stream}]")
        if self.av_marks:
            self._marks(bin_)
        return bin_

    def _audio_branch(self) -> str:
        """The camera's microphone: quiet noise (street sound), or the A/V mark tone."""
        if not self.audio:
            return ""
        rate = 16000 if self.audio == "aac" else 8000
        if self.av_marks:
            src = "audiotestsrc name=asrc is-live=true wave=sine freq=1000 samplesperbuffer=80"
        else:
            src = ("audiotestsrc name=asrc is-live=true wave=pink-noise volume=0.05 "
                   f"samplesperbuffer={rate // 50}")
        enc = {"pcma": "alawenc ! rtppcmapay name=pay1 pt=8",
               "pcmu": "mulawenc ! rtppcmupay name=pay1 pt=0",
               "aac": "voaacenc bitrate=32000 ! aacparse ! rtpmp4gpay name=pay1 pt=97"}
        return (f"{src} ! audio/x-raw,format=S16LE,rate={rate},channels=1 "
                f"! {enc[self.audio]} ")

    def _marks(self, bin_: Gst.Element) -> None:
        """Black/white picture and silence/tone, switched on the same running time. An
        AAC encoder delays its output by its 1024-sample priming (64 ms at 16 kHz), which
        a decoder plays as silence first: the tone starts that much earlier so that the
        marks coincide where they are heard and seen, and a test measures the recording
        path, not the simulated camera's encoder."""
        for name, prop in (("vsrc", "foreground-color"), ("asrc", "volume")):
            el = bin_.get_by_name(name)
            if el is None:
                continue
            shift = 0
            if name == "asrc" and self.audio == "aac":
                shift = 1_000_000_000 - 1024 * 1_000_000_000 // 16000  # a period minus 64 ms
            cs = GstController.LFOControlSource(
                waveform=GstController.LFOWaveform.SQUARE, frequency=1.0, amplitude=0.5,
                offset=0.5, timeshift=shift)
            el.add_control_binding(GstController.DirectControlBinding.new(el, prop, cs))

    def _looped_clip(self) -> Gst.Element:
        """Encoded once, looped: a camera-like bitrate at almost no cost. A GLib timer
        pushes one access unit per frame interval; appsrc stamps it on arrival, as a
        camera stamps its frames. G.711 sound comes the same way (40 ms of quiet noise
        per push: an audiotestsrc beside an appsrc makes the media refuse PLAY)."""
        law = {"pcma": ("x-alaw", "rtppcmapay", 8), "pcmu": ("x-mulaw", "rtppcmupay", 0)}
        audio = ""
        if self.audio in law:
            caps, pay, pt = law[self.audio]
            audio = (f"appsrc name=asrc is-live=true do-timestamp=true format=time "
                     f"caps=\"audio/{caps},rate=8000,channels=1\" ! {pay} name=pay1 pt={pt}")
        bin_ = Gst.parse_launch(
            f"( appsrc name=src is-live=true do-timestamp=true format=time "
            f"caps=\"video/x-h264,stream-format=byte-stream,alignment=au,"
            f"framerate={self.fps}/1\" ! h264parse "
            f"! rtph264pay name=pay0 pt=96 config-interval=1 {audio} )")
        src = bin_.get_by_name("src")
        asrc = bin_.get_by_name("asrc")
        frames = access_units(self.clip)
        noise = bytes((0xD5 ^ (i * 7 % 5)) for i in range(320))  # near-silence, G.711
        state = {"n": 0, "timer": 0, "atimer": 0}

        def tick() -> bool:
            buf = Gst.Buffer.new_wrapped(frames[state["n"] % len(frames)])
            state["n"] += 1
            if src.emit("push-buffer", buf) != Gst.FlowReturn.OK:
                state["timer"] = 0
                return False  # pipeline torn down: stop this camera's timer
            return True

        def atick() -> bool:
            if asrc.emit("push-buffer", Gst.Buffer.new_wrapped(noise)) != Gst.FlowReturn.OK:
                state["atimer"] = 0
                return False
            return True

        def need_data(_src: Gst.Element, _length: int) -> None:
            if not state["timer"]:
                state["timer"] = GLib.timeout_add(max(1, round(1000 / self.fps)), tick)

        def need_audio(_src: Gst.Element, _length: int) -> None:
            if not state["atimer"]:
                state["atimer"] = GLib.timeout_add(40, atick)

        src.connect("need-data", need_data)
        if asrc is not None:
            asrc.connect("need-data", need_audio)
        return bin_


_CLIPS: dict[str, list[bytes]] = {}


def access_units(path: str) -> list[bytes]:
    """An Annex-B H.264 file written with access unit delimiters, split into frames."""
    if path not in _CLIPS:
        with open(path, "rb") as f:
            data = f.read()
        aud = b"\x00\x00\x00\x01\x09"
        parts = [aud + p for p in data.split(aud) if p]
        _CLIPS[path] = parts
    return _CLIPS[path]


class Server:
    def __init__(self, cfg: dict[str, object]) -> None:
        names = cfg["cameras"]
        assert isinstance(names, list)
        fps = int(cfg.get("fps", 12))  # type: ignore[call-overload]
        sub_fps = int(cfg.get("sub_fps", 10))  # type: ignore[call-overload]
        self.server = GstRtspServer.RTSPServer()
        self.server.set_address("127.0.0.1")
        self.server.set_service(str(cfg.get("port", 0)))
        self.mounts = self.server.get_mount_points()
        self.factories: dict[str, CameraFactory] = {}
        perms = None
        auth_cfg = cfg.get("auth")
        if auth_cfg:
            user, _, password = str(auth_cfg).partition(":")
            auth = GstRtspServer.RTSPAuth()
            token = GstRtspServer.RTSPToken()
            token.set_string("media.factory.role", ROLE)
            if cfg.get("auth_method") == "basic":
                auth.add_basic(GstRtspServer.RTSPAuth.make_basic(user, password), token)
                auth.set_supported_methods(GstRtsp.RTSPAuthMethod.BASIC)
            else:
                # Real cameras (Hikvision, Dahua) ask for digest by default. The binding
                # takes one method, not the C flags, so it is one or the other.
                auth.add_digest(user, password, token)
                auth.set_supported_methods(GstRtsp.RTSPAuthMethod.DIGEST)
            self.server.set_auth(auth)
            perms = GstRtspServer.RTSPPermissions()
            perms.add_role(ROLE)
            perms.add_permission_for_role(ROLE, "media.factory.access", True)
            perms.add_permission_for_role(ROLE, "media.factory.construct", True)
        codecs = cfg.get("codecs") or ["h264"] * len(names)
        audio = cfg.get("audio") or [None] * len(names)
        assert isinstance(codecs, list) and isinstance(audio, list)
        for i, name in enumerate(names, start=1):
            for stream, rate in (("main", fps), ("sub", sub_fps)):
                clip = str(cfg.get("main_clip") or "") if stream == "main" else ""
                codec = str(codecs[i - 1])
                if stream == "sub" and codec == "h265":
                    codec = "h264"  # sub streams stay H.264, as on most cameras
                f = CameraFactory(i, str(name), stream, rate, 28, codec, clip,
                                  audio[i - 1], bool(cfg.get("av_marks")))
                if perms is not None:
                    f.set_permissions(perms)
                path = f"/cam{i}/{stream}"
                self.factories[path] = f
                self.mounts.add_factory(path, f)
        self.count = len(names)
        self.offline: set[int] = set()
        self.server.attach(None)
        self.cfg = cfg
        self.devices: list[Any] = []

    def start_onvif(self) -> None:
        """One ONVIF device service per camera (`_onvif_device.py`), once the RTSP port
        is known (the stream URIs name it)."""
        if not self.cfg.get("onvif"):
            return
        import _onvif_device  # beside this script: Debian's Python runs it from here

        offsets = list(self.cfg.get("clock_offsets") or [])  # type: ignore[call-overload]
        ptz = list(self.cfg.get("ptz") or [])  # type: ignore[call-overload]
        codecs = list(self.cfg.get("codecs") or [])  # type: ignore[call-overload]
        names = list(self.cfg["cameras"])  # type: ignore[call-overload]
        for i, name in enumerate(names, start=1):
            enc = "H265" if i <= len(codecs) and codecs[i - 1] == "h265" else "H264"
            dev = _onvif_device.Device(
                i, str(name), self.port(), self.cfg.get("auth"),
                float(offsets[i - 1]) if i <= len(offsets) else 0.0,
                bool(ptz[i - 1]) if i <= len(ptz) else False,
                (*STREAMS["main"][:2], enc), (*STREAMS["sub"][:2], "H264"))
            _onvif_device.serve(dev)
            self.devices.append(dev)

    def port(self) -> int:
        return int(self.server.get_bound_port())

    def set_offline(self, i: int, offline: bool) -> str:
        if not 1 <= i <= self.count:
            return f"ERR no camera {i}"
        paths = [f"/cam{i}/main", f"/cam{i}/sub"]
        if offline and i not in self.offline:
            self.offline.add(i)
            for p in paths:
                self.mounts.remove_factory(p)  # new clients get 404
            dropped = self._drop_clients(paths)
            return f"OK offline {i} dropped={dropped}"
        if not offline and i in self.offline:
            self.offline.discard(i)
            for p in paths:
                self.mounts.add_factory(p, self.factories[p])
        return f"OK {'offline' if offline else 'online'} {i}"

    def _drop_clients(self, paths: list[str]) -> int:
        """Close every client connection that has a session on one of `paths`, so a
        client sees the camera vanish as it would when a real camera loses power."""
        dropped = 0

        def uses_path(client: GstRtspServer.RTSPClient) -> bool:
            hit = False

            def sess_filter(_c: object, session: GstRtspServer.RTSPSession) -> object:
                nonlocal hit

                def media_filter(_s: object, sm: GstRtspServer.RTSPSessionMedia) -> object:
                    nonlocal hit
                    for p in paths:
                        ok, _matched = sm.matches(p)
                        if ok:
                            hit = True
                    return GstRtspServer.RTSPFilterResult.KEEP

                session.filter(media_filter)
                return GstRtspServer.RTSPFilterResult.KEEP

            client.session_filter(sess_filter)
            return hit

        def client_filter(_s: object, client: GstRtspServer.RTSPClient) -> object:
            nonlocal dropped
            if uses_path(client):
                dropped += 1
                client.close()
                return GstRtspServer.RTSPFilterResult.REMOVE
            return GstRtspServer.RTSPFilterResult.KEEP

        self.server.client_filter(client_filter)
        return dropped

    def clients(self) -> int:
        n = 0

        def count(_s: object, _c: object) -> object:
            nonlocal n
            n += 1
            return GstRtspServer.RTSPFilterResult.KEEP

        self.server.client_filter(count)
        return n


def main() -> int:
    Gst.init(None)
    line = sys.stdin.readline()
    if not line:
        return 1
    try:
        server = Server(json.loads(line))
    except Exception as e:  # report, never echo the config (it may hold a password)
        _say(f"FATAL {type(e).__name__}")
        return 1
    port = server.port()
    if port <= 0:
        _say("FATAL cannot bind port")
        return 1
    server.start_onvif()
    loop = GLib.MainLoop()

    def handle(cmd: str) -> bool:
        parts = cmd.split()
        try:
            if not parts:
                pass
            elif parts[0] == "quit":
                _say("OK quit")
                loop.quit()
            elif parts[0] in ("offline", "online") and len(parts) == 2:
                _say(server.set_offline(int(parts[1]), parts[0] == "offline"))
            elif parts[0] == "clients":
                _say(f"OK clients {server.clients()}")
            elif parts[0] == "onvif":
                ports = [str(d.server.server_address[1]) for d in server.devices]
                _say("OK onvif " + " ".join(ports))
            elif parts[0] == "ptz" and len(parts) == 2:
                dev = server.devices[int(parts[1]) - 1]
                _say("OK ptz " + json.dumps(dev.state()))
            else:
                _say("ERR unknown command")
        except (ValueError, IndexError):
            _say("ERR bad argument")
        return False

    def reader() -> None:
        for raw in sys.stdin:
            GLib.idle_add(handle, raw.strip())
        GLib.idle_add(lambda: loop.quit() or False)  # parent gone

    threading.Thread(target=reader, daemon=True).start()
    _say(f"READY {port}")
    loop.run()
    return 0


if __name__ == "__main__":
    os.environ.setdefault("GST_DEBUG", "0")
    sys.exit(main())
