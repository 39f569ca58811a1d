"""Live state of each camera stream, as the control channel reports it, and the health
events stored for uptime reports.

Only state *transitions* of the recorded (main) stream are stored as `health_event` rows:
connecting → online → recording, and offline / auth_failed. Per-period uptime is then
`records.segment_index.uptime()`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from controlroom.timeutil import utcnow

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
            if state not in ("recording",):
                self.recording = False
        if changed and self._on_change is not None and state in STORED:
            self._on_change(self, state, detail)

    def as_dict(self) -> dict[str, Any]:
        with self._lock:
            return {
                "camera_id": self.camera_id,
                "camera_name": self.camera_name,
                "stream": self.stream,
                "state": self.state,
                "since": self.since.isoformat(),
                "last_error": self.last_error,
                "last_packet_utc": None if self.last_packet_ts is None
                else datetime.fromtimestamp(self.last_packet_ts, UTC).isoformat(),
                "recording": self.recording,
                "record": self.record,
                "attempts": self.attempts,
                "viewers": self.viewers,
                "segment": self.segment,
            }
