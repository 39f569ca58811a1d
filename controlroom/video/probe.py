"""Open a camera stream once and say what it is, or exactly why it cannot be opened.

Used by `controlroom camera test` and the Test button of the camera dialog, before a
camera is trusted to the recorder. FFmpeg (through PyAV) reports failures as a handful
of error types whose meaning depends on context; `_classify` turns them into what the
person at the desk can act on: wrong password, wrong path, nothing listening, no route,
no answer, not a camera, unsupported codec. Measured on FFmpeg 7 (PyAV 18):

    401 → av.error.HTTPUnauthorizedError    404 → av.error.HTTPNotFoundError
    closed port → ConnectionRefusedError     no route → OSError(EHOSTUNREACH/ENETUNREACH)
    unknown host name → OSError(EIO)         connect timeout → av.error.ExitError
    silent server → InvalidDataError after the I/O timeout
    non-RTSP service → InvalidDataError at once

FFmpeg's messages repeat the URL, password included; nothing from them reaches a message
without `urls.redact`.
"""

from __future__ import annotations

import errno
import ipaddress
import time
from dataclasses import asdict, dataclass
from typing import Any
from urllib.parse import urlsplit

import av
import av.error

from controlroom.errors import ExitCode, UserError
from controlroom.i18n import Text
from controlroom.video import audio, urls

SUPPORTED_CODECS = ("h264", "hevc")
DEFAULT_TIMEOUT = 8.0
SAMPLE_SECONDS = 2.0


class ProbeError(UserError):
    """A stream could not be opened; `kind` says why (for the UI and the recorder)."""

    exit_code = ExitCode.CAMERA_UNREACHABLE

    def __init__(self, kind: str, vi: str, en: str, **kw: object) -> None:
        self.kind = kind
        super().__init__(vi, en, **kw)


@dataclass(frozen=True)
class ProbeResult:
    url: str  # masked
    codec: str
    profile: str
    width: int
    height: int
    fps: float | None
    bitrate_kbps: float | None
    first_frame_s: float  # from starting to connect to the first decoded picture
    audio_codec: str = ""  # as the camera sends it (pcm_alaw, aac…); "" = no audio
    audio_rate: int = 0
    audio_recorded_as: str = ""  # "aac" (copied or transcoded), "" = not recordable

    @property
    def audio_text(self) -> Text:
        """"audio G.711 A-law 8 kHz (recorded as AAC)" / "no audio", both languages."""
        if not self.audio_codec:
            return Text("không có âm thanh", "no audio")
        name = audio.describe(self.audio_codec, self.audio_rate)
        if not self.audio_recorded_as:
            return Text("âm thanh {a} (không ghi được)",
                        "audio {a} (cannot be recorded)").format(a=name)
        if self.audio_codec == self.audio_recorded_as:
            return Text("âm thanh {a}", "audio {a}").format(a=name)
        return Text("âm thanh {a} (ghi thành AAC)", "audio {a} (recorded as AAC)").format(a=name)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _classify(e: BaseException, shown: str, elapsed: float, timeout: float,
              secrets: tuple[str | None, ...], host_is_name: bool = False) -> ProbeError:
    if isinstance(e, av.error.HTTPUnauthorizedError):
        return ProbeError("auth",
                          "Camera từ chối tên đăng nhập/mật khẩu (401) — {u}.",
                          "The camera refused the user name/password (401) — {u}.", u=shown)
    if isinstance(e, av.error.HTTPForbiddenError):
        return ProbeError("auth", "Camera cấm truy cập luồng này (403) — {u}.",
                          "The camera forbids access to this stream (403) — {u}.", u=shown)
    if isinstance(e, av.error.HTTPNotFoundError):
        return ProbeError("not_found",
                          "Camera không có đường dẫn này (404); kiểm tra kênh/luồng — {u}.",
                          "The camera has no such path (404); check channel/stream — {u}.",
                          u=shown)
    if isinstance(e, ConnectionRefusedError) or getattr(e, "errno", None) == errno.ECONNREFUSED:
        return ProbeError("refused",
                          "Địa chỉ có trả lời nhưng cổng bị từ chối (không có dịch vụ RTSP "
                          "ở cổng này) — {u}.",
                          "The host answered but refused the port (no RTSP service on "
                          "this port) — {u}.", u=shown)
    code = getattr(e, "errno", None)
    if code in (errno.EHOSTUNREACH, errno.ENETUNREACH, errno.EADDRNOTAVAIL):
        return ProbeError("unreachable",
                          "Không có đường tới camera (sai IP hoặc mạng bị ngắt) — {u}.",
                          "No route to the camera (wrong IP or network down) — {u}.",
                          u=shown)
    if isinstance(e, av.error.ExitError) or code == errno.ETIMEDOUT or (
            isinstance(e, av.error.InvalidDataError) and elapsed >= 0.9 * timeout):
        return ProbeError("timeout",
                          "Camera không trả lời trong {t:g} giây (mất điện, sai IP hoặc "
                          "mạng chậm) — {u}.",
                          "No answer from the camera within {t:g} s (no power, wrong IP "
                          "or slow network) — {u}.", t=timeout, u=shown)
    if code == errno.EIO and host_is_name:
        return ProbeError("dns", "Không tìm thấy tên máy của camera — {u}.",
                          "The camera's host name cannot be resolved — {u}.", u=shown)
    if isinstance(e, av.error.InvalidDataError):
        return ProbeError("not_rtsp",
                          "Thiết bị trả lời nhưng không phải luồng RTSP hợp lệ — {u}.",
                          "The device answered but not with a valid RTSP stream — {u}.",
                          u=shown)
    detail = urls.redact(str(e), *secrets)
    return ProbeError("error", "Không mở được luồng {u}: {d}.",
                      "Cannot open the stream {u}: {d}.", u=shown, d=detail)


def probe(url: str, timeout: float = DEFAULT_TIMEOUT, username: str | None = None,
          password: str | None = None, sample_seconds: float = SAMPLE_SECONDS) -> ProbeResult:
    """Connect over RTSP/TCP, decode one picture, then read packets for about
    `sample_seconds` to estimate frame rate and bitrate. Raises ProbeError."""
    parsed = urls.parse_url(url)
    user = username if username is not None else parsed.username
    pw = password if password is not None else parsed.password
    full = urls.with_credentials(parsed.url, user, pw)
    shown = urls.masked(parsed.url, user)
    secrets = (pw,)
    host = urlsplit(parsed.url).hostname or ""
    try:
        ipaddress.ip_address(host)
        is_name = False
    except ValueError:
        is_name = True
    options = {"rtsp_transport": "tcp", "timeout": str(int(timeout * 1_000_000)),
               "analyzeduration": "2000000", "probesize": "1000000"}
    t0 = time.monotonic()
    try:
        container = av.open(full, options=options, timeout=(timeout, timeout))
    except (av.error.FFmpegError, OSError) as e:
        raise _classify(e, shown, time.monotonic() - t0, timeout, secrets,
                        is_name) from None
    try:
        if not container.streams.video:
            raise ProbeError("no_video", "Luồng không có hình — {u}.",
                             "The stream has no video — {u}.", u=shown)
        vs = container.streams.video[0]
        codec = vs.codec_context.name
        if codec not in SUPPORTED_CODECS:
            raise ProbeError("codec",
                             "Camera gửi mã hóa {c}, phần mềm cần H.264 hoặc H.265; đổi "
                             "mã hóa trong trang cấu hình camera — {u}.",
                             "The camera sends {c}; H.264 or H.265 is needed, change the "
                             "encoding in the camera's settings — {u}.", c=codec, u=shown)
        first: float | None = None
        sample_end = 0.0
        width = height = 0
        sizes = 0
        times: list[float] = []
        deadline = time.monotonic() + timeout + sample_seconds
        for packet in container.demux(vs):
            if packet.size:
                sizes += packet.size
                if packet.pts is not None and packet.time_base is not None:
                    times.append(float(packet.pts * packet.time_base))
            if first is None:
                for frame in packet.decode():
                    first = time.monotonic() - t0
                    width, height = frame.width, frame.height
                    sample_end = time.monotonic() + sample_seconds
                    break
            elif time.monotonic() >= sample_end:
                break
            if time.monotonic() > deadline:
                break
        if first is None:
            raise ProbeError("timeout",
                             "Đã kết nối nhưng không nhận được hình trong {t:g} giây — {u}.",
                             "Connected but no picture arrived within {t:g} s — {u}.",
                             t=timeout, u=shown)
        fps: float | None = None
        kbps: float | None = None
        if len(times) >= 3:
            span = max(times) - min(times)
            if span > 0:
                fps = round((len(times) - 1) / span, 2)
                kbps = round(sizes * 8 / 1000 / (span * len(times) / (len(times) - 1)), 1)
        if fps is None and vs.average_rate:
            fps = round(float(vs.average_rate), 2)
        acodec, arate, recorded = "", 0, ""
        if container.streams.audio:
            acc = container.streams.audio[0].codec_context
            acodec, arate = acc.name, int(acc.sample_rate or 0)
            recorded = "aac" if audio.plan(acodec) else ""
        return ProbeResult(shown, codec, vs.codec_context.profile or "", width, height, fps,
                           kbps, round(first, 3), acodec, arate, recorded)
    except (av.error.FFmpegError, OSError) as e:
        raise _classify(e, shown, time.monotonic() - t0, timeout, secrets,
                        is_name) from None
    finally:
        container.close()
