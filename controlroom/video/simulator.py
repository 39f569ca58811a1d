"""A real RTSP server that behaves like a set of community IP cameras.

Used by the tests (recorder, probe, grid), by `controlroom simulate` and by the demo, so
that everything downstream is exercised against real RTSP/RTP/H.264 over TCP rather
than mocks. Each camera I (from 1) serves

    rtsp://127.0.0.1:PORT/camI/main   1280×720 H.264 (constrained baseline), 12 fps
    rtsp://127.0.0.1:PORT/camI/sub     640×360 H.264, 10 fps, keyframe every 2 s

(`codec="h265"`: the main streams are H.265, sub streams stay H.264; `audio="pcma"`,
`"pcmu"` or `"aac"`: both streams carry the camera's microphone — G.711 8 kHz or AAC
16 kHz mono; either may be a list, one entry per camera; `av_marks=True`: picture and
sound flash together every second, to measure A/V sync), showing the camera's name
and a wall clock (dd/mm/yyyy HH:MM:SS in the simulator's time zone, Asia/Ho_Chi_Minh
unless told otherwise) so playback tests can compare burned-in time with the index.
With `auth="user:pass"` the server asks for digest authentication like Hikvision/Dahua
cameras (wrong password → 401). `set_offline(i, True)` removes the
camera's paths (new sessions get 404) and closes the connections of clients watching it,
which is what a recorder sees when a camera loses power; `set_offline(i, False)` brings
it back.

Cost (bench/bench_simulator.py): 16 cameras with all 32 streams watched take about 91%
of one core of the 2-core development machine at the default 12/10 fps (115% at 15/15).
Pipelines only run while someone watches them.

The server itself is `_rtsp_server.py`, run with Debian's Python, which has PyGObject and
GstRtspServer (the application's venv does not); see that file for the line protocol.
"""

from __future__ import annotations

import json
import os
import queue
import shutil
import subprocess
import threading
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from urllib.parse import quote

from controlroom.errors import ExitCode, InvalidInput, UserError
from controlroom.oserror import describe
from controlroom.timeutil import DEFAULT_TZ

SERVER_SCRIPT = Path(__file__).with_name("_rtsp_server.py")
STREAMS = ("main", "sub")
CODECS = ("h264", "h265", "mjpeg")
AUDIO = (None, "pcma", "pcmu", "aac")
START_TIMEOUT = 20.0
COMMAND_TIMEOUT = 10.0


class SimulatorError(UserError):
    """The simulator could not start or did not answer."""

    exit_code = ExitCode.SIMULATOR_FAILED


def gst_python() -> str:
    """The interpreter with PyGObject + GstRtspServer: `CONTROLROOM_GST_PYTHON` or
    Debian's `/usr/bin/python3`."""
    exe = os.environ.get("CONTROLROOM_GST_PYTHON") or "/usr/bin/python3"
    if not (Path(exe).exists() or shutil.which(exe)):
        raise SimulatorError(
            "Không tìm thấy Python có GStreamer RTSP server ({exe}). Cài gói "
            "python3-gi, gir1.2-gst-rtsp-server-1.0, gstreamer1.0-plugins-ugly.",
            "No Python with the GStreamer RTSP server was found ({exe}). Install "
            "python3-gi, gir1.2-gst-rtsp-server-1.0, gstreamer1.0-plugins-ugly.",
            exe=exe,
        )
    return exe


def default_names(n: int) -> list[str]:
    return [f"Camera {i}" for i in range(1, n + 1)]


class Simulator:
    """A running simulator; use as a context manager (`with Simulator(4) as sim:`)."""

    def __init__(self, cameras: int = 4, port: int = 0, auth: str | None = None,
                 names: list[str] | None = None, fps: int = 12, sub_fps: int = 10,
                 auth_method: str = "digest", tz: str = DEFAULT_TZ,
                 codec: str | Sequence[str] = "h264", main_clip: Path | None = None,
                 audio: str | None | Sequence[str | None] = None,
                 av_marks: bool = False, onvif: bool = False,
                 clock_offsets: Sequence[float] = (), ptz: Sequence[bool] = ()) -> None:
        """`main_clip`: an H.264 Annex-B file every main stream loops instead of encoding
        live (camera-like bitrates for benchmarks, at almost no simulator CPU); its frame
        rate must be `fps`."""
        if not 1 <= cameras <= 64:
            raise InvalidInput("Số camera mô phỏng phải từ 1 đến 64.",
                               "The number of simulated cameras must be 1 to 64.")
        if not 0 <= port <= 65535:
            raise InvalidInput("Cổng không hợp lệ: {p}.", "Invalid port: {p}.", p=port)
        if auth is not None and (":" not in auth or not auth.split(":", 1)[0]):
            raise InvalidInput("--auth phải có dạng TÊN:MẬT_KHẨU.",
                               "--auth must look like USER:PASSWORD.")
        if not (1 <= fps <= 30 and 1 <= sub_fps <= 30):
            raise InvalidInput("Số khung hình/giây phải từ 1 đến 30.",
                               "Frames per second must be 1 to 30.")
        if auth_method not in ("digest", "basic"):
            raise InvalidInput("Kiểu xác thực phải là digest hoặc basic.",
                               "The authentication method must be digest or basic.")
        codecs = [codec] * cameras if isinstance(codec, str) else list(codec)
        audios = ([audio] * cameras if audio is None or isinstance(audio, str)
                  else list(audio))
        if len(codecs) != cameras or any(c not in CODECS for c in codecs):
            raise InvalidInput("Mã hóa mô phỏng phải là h264, h265 hoặc mjpeg.",
                               "The simulated codec must be h264, h265 or mjpeg.")
        if len(audios) != cameras or any(a not in AUDIO for a in audios):
            raise InvalidInput("Âm thanh mô phỏng phải là pcma, pcmu, aac hoặc không có.",
                               "The simulated audio must be pcma, pcmu, aac or none.")
        self.codec = codecs[0]
        self.codecs = codecs
        self.audio = audios
        self.av_marks = av_marks
        self.onvif = onvif
        self.clock_offsets = [float(x) for x in clock_offsets]
        self.ptz = [bool(x) for x in ptz]
        self.onvif_ports: list[int] = []
        self.main_clip = main_clip
        names = list(names) if names else []
        names += default_names(cameras)[len(names):]
        self.names: list[str] = names[:cameras]
        self.cameras = cameras
        self.requested_port = port
        self.auth = auth
        self.auth_method = auth_method
        self.fps = fps
        self.sub_fps = sub_fps
        self.tz = tz
        self.port = 0
        self._proc: subprocess.Popen[str] | None = None
        self._lines: queue.Queue[str | None] = queue.Queue()
        self._lock = threading.Lock()
        self.offline: set[int] = set()

    # --- lifecycle ------------------------------------------------------------------

    def start(self) -> Simulator:
        if self._proc is not None:
            return self
        env = {**os.environ, "TZ": self.tz, "GST_DEBUG": "0"}
        env.pop("PYTHONPATH", None)  # the venv's packages are not for Debian's Python
        try:
            self._proc = subprocess.Popen(
                [gst_python(), str(SERVER_SCRIPT)], stdin=subprocess.PIPE,
                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, bufsize=1,
                env=env, encoding="utf-8")
        except OSError as e:
            raise SimulatorError("Không chạy được trình mô phỏng camera: {e}.",
                                 "Cannot run the camera simulator: {e}.",
                                 e=describe(e)) from None
        threading.Thread(target=self._read, daemon=True, name="simulator-out").start()
        cfg = {"cameras": self.names, "port": self.requested_port, "auth": self.auth,
               "auth_method": self.auth_method, "fps": self.fps, "sub_fps": self.sub_fps,
               "codecs": self.codecs, "audio": self.audio, "av_marks": self.av_marks,
               "onvif": self.onvif, "clock_offsets": self.clock_offsets, "ptz": self.ptz,
               "main_clip": str(self.main_clip) if self.main_clip else None}
        self._send(json.dumps(cfg, ensure_ascii=False))
        reply = self._reply(START_TIMEOUT)
        if not reply.startswith("READY "):
            self.stop()
            if self.requested_port:
                raise SimulatorError(
                    "Trình mô phỏng camera không mở được cổng {p} (cổng đang bận?).",
                    "The camera simulator cannot open port {p} (port in use?).",
                    p=self.requested_port)
            raise SimulatorError("Trình mô phỏng camera không khởi động được ({r}).",
                                 "The camera simulator did not start ({r}).",
                                 r=reply or "no answer")
        self.port = int(reply.split()[1])
        if self.onvif:
            self.onvif_ports = [int(p) for p in self._command("onvif").split()[2:]]
        return self

    def stop(self) -> None:
        proc, self._proc = self._proc, None
        if proc is None:
            return
        try:
            if proc.stdin:
                proc.stdin.close()  # end of stdin makes the server quit
        except OSError:
            pass
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.terminate()
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()

    def __enter__(self) -> Simulator:
        return self.start()

    def __exit__(self, et: type[BaseException] | None, e: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc else None

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    # --- URLs -----------------------------------------------------------------------

    def _check(self, i: int, stream: str = "main") -> None:
        if not 1 <= i <= self.cameras:
            raise InvalidInput("Không có camera mô phỏng số {i}.",
                               "There is no simulated camera {i}.", i=i)
        if stream not in STREAMS:
            raise InvalidInput("Luồng phải là main hoặc sub.", "The stream must be main or sub.")

    def url(self, i: int, stream: str = "main", credentials: bool = False) -> str:
        """`rtsp://127.0.0.1:PORT/camI/STREAM`; with `credentials=True` and auth set,
        the user and password are included (for handing to a client, never to print)."""
        self._check(i, stream)
        userinfo = ""
        if credentials and self.auth:
            user, _, pw = self.auth.partition(":")
            userinfo = f"{quote(user, safe='')}:{quote(pw, safe='')}@"
        return f"rtsp://{userinfo}127.0.0.1:{self.port}/cam{i}/{stream}"

    def masked_url(self, i: int, stream: str = "main") -> str:
        self._check(i, stream)
        userinfo = f"{quote(self.username, safe='')}:***@" if self.auth else ""
        return f"rtsp://{userinfo}127.0.0.1:{self.port}/cam{i}/{stream}"

    @property
    def username(self) -> str:
        return self.auth.partition(":")[0] if self.auth else ""

    @property
    def password(self) -> str:
        return self.auth.partition(":")[2] if self.auth else ""

    # --- control --------------------------------------------------------------------

    def set_offline(self, i: int, offline: bool = True) -> None:
        """Take camera `i` off the network (True) or bring it back (False)."""
        self._check(i)
        reply = self._command(f"{'offline' if offline else 'online'} {i}")
        if not reply.startswith("OK"):
            raise SimulatorError("Trình mô phỏng từ chối lệnh: {r}.",
                                 "The simulator refused the command: {r}.", r=reply)
        if offline:
            self.offline.add(i)
        else:
            self.offline.discard(i)

    def onvif_port(self, i: int) -> int:
        """The ONVIF device service port of camera `i` (started with `onvif=True`)."""
        self._check(i)
        return self.onvif_ports[i - 1]

    def ptz_state(self, i: int) -> dict[str, object]:
        """Camera `i`'s simulated PTZ head: position, moving, presets and the log of the
        PTZ requests it received."""
        self._check(i)
        reply = self._command(f"ptz {i}")
        if not reply.startswith("OK ptz "):
            raise SimulatorError("Trình mô phỏng từ chối lệnh: {r}.",
                                 "The simulator refused the command: {r}.", r=reply)
        state: dict[str, object] = json.loads(reply[len("OK ptz "):])
        return state

    def clients(self) -> int:
        """How many RTSP client connections the server has now."""
        return int(self._command("clients").split()[-1])

    def _command(self, line: str) -> str:
        with self._lock:
            if not self.running:
                raise SimulatorError("Trình mô phỏng camera không chạy.",
                                     "The camera simulator is not running.")
            self._send(line)
            reply = self._reply(COMMAND_TIMEOUT)
        if not reply:
            raise SimulatorError("Trình mô phỏng camera không trả lời.",
                                 "The camera simulator did not answer.")
        return reply

    def _send(self, line: str) -> None:
        assert self._proc is not None and self._proc.stdin is not None
        try:
            self._proc.stdin.write(line + "\n")
            self._proc.stdin.flush()
        except (BrokenPipeError, OSError):
            pass  # the reply wait reports it

    def _reply(self, timeout: float) -> str:
        try:
            line = self._lines.get(timeout=timeout)
        except queue.Empty:
            return ""
        return line or ""

    def _read(self) -> None:
        proc = self._proc
        assert proc is not None and proc.stdout is not None
        for raw in proc.stdout:
            self._lines.put(raw.rstrip("\n"))
        self._lines.put(None)
