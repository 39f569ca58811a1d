"""Where a camera stream comes from: its credentialed URL (kept in memory only) and the
redaction that keeps the password out of every message, log line and status reply.

The URL with credentials is built in this process from the OS keyring and handed to
FFmpeg in-process; it never appears on a command line (`ps`) or in the database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import quote

from controlroom.paths import DataHome
from controlroom.records import cameras
from controlroom.records.models import Camera

_USERINFO = re.compile(r"(?P<scheme>[a-zA-Z][a-zA-Z0-9+.-]*://)(?P<user>[^/@\s:]*)(:[^@/\s]*)?@")


@dataclass(frozen=True)
class Source:
    camera_id: int
    camera_code: str
    camera_name: str
    stream: str  # main | sub
    url: str = field(repr=False)  # may hold credentials: never log or show
    hidden: tuple[str, ...] = field(default=(), repr=False)  # strings to redact

    @property
    def safe_url(self) -> str:
        return redact(self.url, self.hidden)


def redact(text: str, hidden: tuple[str, ...] = ()) -> str:
    """Replace `user:password@` in URLs by `user:***@` and every known secret by ***."""
    out = _USERINFO.sub(lambda m: f"{m['scheme']}{m['user']}:***@" if m.group(3)
                        else m.group(0), text)
    for secret in hidden:
        if secret and len(secret) >= 3:
            out = out.replace(secret, "***")
            q = quote(secret, safe="")
            if q != secret:
                out = out.replace(q, "***")
    return out


def camera_sources(camera: Camera, home: DataHome) -> dict[str, Source]:
    """The camera's streams that have a URL, with the keyring's credentials in them (built
    by the camera registry, in memory only)."""
    creds = cameras.credentials(camera, home)
    hidden = (creds.password,) if creds and creds.password else ()
    urls = {stream: cameras.credentialed_url(camera, stream, home) for stream in ("main", "sub")}
    return {s: Source(camera.id, camera.code, camera.name, s, u, hidden)
            for s, u in urls.items() if u}
