"""Where a camera stream comes from: its credentialed URL (kept in memory only) and the
secrets to redact (with `urls.redact`) out of every message, log line and status reply.

The URL with credentials is built in this process from the OS keyring and handed to
FFmpeg in-process; it never appears on a command line (`ps`) or in the database.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from controlroom.paths import DataHome
from controlroom.records import cameras
from controlroom.records.models import Camera
from controlroom.video.urls import redact


@dataclass(frozen=True)
class Source:
    camera_id: int
    camera_code: str
    camera_name: str
    stream: str  # main | sub
    url: str = field(repr=False)  # may hold credentials: never log or show
    hidden: tuple[str, ...] = field(default=(), repr=False)  # strings to redact
    audio: bool = True  # record the camera's sound with its main stream

    @property
    def safe_url(self) -> str:
        return redact(self.url, *self.hidden)

    def redact(self, text: str) -> str:
        """`text` without this source's credentials (see `urls.redact`)."""
        return redact(text, *self.hidden)


def camera_sources(camera: Camera, home: DataHome) -> dict[str, Source]:
    """The camera's streams that have a URL, with the keyring's credentials in them (built
    by the camera registry, in memory only)."""
    creds = cameras.credentials(camera, home)
    hidden = (creds.password,) if creds and creds.password else ()
    urls = {stream: cameras.credentialed_url(camera, stream, home) for stream in ("main", "sub")}
    audio = camera.record_audio is not False
    return {s: Source(camera.id, camera.code, camera.name, s, u, hidden, audio)
            for s, u in urls.items() if u}
