"""Live state of each camera stream, as the control channel reports it, and the health
events stored for uptime reports.

Only state *transitions* of the recorded (main) stream are stored as `health_event` rows:
connecting → online → recording, and offline / auth_failed. Per-period uptime is then
`records.segment_index.uptime()`.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from controlroom.i18n import Text
from controlroom.timeutil import utcnow

# What FFmpeg, the OS and the recorder say when a stream fails, in words for the desk.
# Checked in order; the first match wins. The raw (redacted) text stays in the log.
_EXPLAINED: list[tuple[re.Pattern[str], Text]] = [(re.compile(p, re.I), t) for p, t in (
    (r"\b401\b|unauthori[sz]ed|authorization failed",
     Text("Camera từ chối tên đăng nhập/mật khẩu (401). Kiểm tra tài khoản camera.",
          "The camera refused the user name/password (401). Check the camera account.")),
    (r"\b403\b|forbidden",
     Text("Camera cấm truy cập luồng này (403).",
          "The camera forbids access to this stream (403).")),
    (r"\b404\b|not found(?! in)",
     Text("Camera không có đường dẫn này (404); kiểm tra kênh/luồng.",
          "The camera has no such path (404); check the channel/stream.")),
    (r"\b5\d\d\b.*server|server error",
     Text("Camera báo lỗi nội bộ (5xx); thử khởi động lại camera.",
          "The camera reported an internal error (5xx); try restarting it.")),
    (r"connection refused",
     Text("Camera từ chối kết nối (không có dịch vụ RTSP ở cổng này).",
          "The camera refused the connection (no RTSP service on this port).")),
    (r"no route to host|network is unreachable|host is unreachable",
     Text("Không có đường tới camera (sai IP hoặc mạng bị ngắt).",
          "No route to the camera (wrong IP or network down).")),
    (r"name or service not known|name resolution|nodename nor servname|getaddrinfo",
     Text("Không tìm thấy tên máy của camera.", "The camera's host name cannot be resolved.")),
    (r"timed out|timeout",
     Text("Camera không trả lời (mất điện, sai IP hoặc mạng chậm).",
          "No answer from the camera (no power, wrong IP or slow network).")),
    (r"connection reset|broken pipe|end of file|stream ended|\beof\b",
     Text("Camera ngắt luồng giữa chừng.", "The camera dropped the stream.")),
    (r"no space left|disk full",
     Text("Ổ ghi hình đã đầy.", "The recordings disk is full.")),
    (r"write error|read-only file system|permission denied",
     Text("Không ghi được vào ổ ghi hình.", "Cannot write to the recordings disk.")),
    (r"no video stream",
     Text("Luồng không có hình.", "The stream carries no video.")),
    (r"invalid data found|unsupported|not rtsp",
     Text("Thiết bị trả lời nhưng không phải luồng hình hợp lệ.",
          "The device answered but not with a valid video stream.")),
)]


def explain(detail: str) -> Text:
    """A stream failure (already redacted FFmpeg/OS text) in both languages for the desk:
    "Server returned 401 Unauthorized" → "Camera từ chối tên đăng nhập/mật khẩu (401)…".
    An unknown message is passed through, labelled."""
    for pattern, text in _EXPLAINED:
        if pattern.search(detail):
            return text
    d = detail.strip()[:200]
    return Text(f"Lỗi luồng: {d}", f"Stream error: {d}") if d else Text("", "")


STATES = ("connecting", "online", "recording", "offline", "auth_failed", "idle", "stopped")
STORED = ("connecting", "online", "recording", "offline", "auth_failed")


@dataclass
class StreamStatus:
    camera_id: int
    camera_name: str
    stream: str
    record: bool
    state: str = "stopped"  # until its thread first connects
    since: datetime = field(default_factory=utcnow)
    last_error: str = ""  # already redacted
    # POSIX seconds, set by the camera thread a few times a second (a float: building a
    # datetime there is per-packet work); shown as ISO time by `as_dict`.
    last_packet_ts: float | None = None
    recording: bool = False
    attempts: int = 0
    viewers: int = 0
    segment: str = ""
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _on_change: Callable[[StreamStatus, str, str], None] | None = field(default=None, repr=False)

    def set_state(self, state: str, detail: str = "") -> None:
        """Change state; a real change of a recorded stream is stored as a health event."""
        assert state in STATES, state
        with self._lock:
            changed = state != self.state
            if changed:
                self.state, self.since = state, utcnow()
            if state in ("offline", "auth_failed") and detail:
                self.last_error = detail[:500]
            elif state == "recording":  # footage flows again: the old error is history
                self.last_error = ""
            if state not in ("recording",):
                self.recording = False
        if changed and self._on_change is not None and state in STORED:
            self._on_change(self, state, detail)

    def as_dict(self) -> dict[str, Any]:
        explained = explain(self.last_error)
        with self._lock:
            return {
                "camera_id": self.camera_id,
                "camera_name": self.camera_name,
                "stream": self.stream,
                "state": self.state,
                "since": self.since.isoformat(),
                "last_error": self.last_error,
                "last_error_text": {"vi": explained.vi, "en": explained.en},
                "last_packet_utc": None if self.last_packet_ts is None
                else datetime.fromtimestamp(self.last_packet_ts, UTC).isoformat(),
                "recording": self.recording,
                "record": self.record,
                "attempts": self.attempts,
                "viewers": self.viewers,
                "segment": self.segment,
            }
