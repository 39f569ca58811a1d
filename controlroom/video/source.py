"""Where a camera stream comes from: its credentialed URL (kept in memory only) and the
redaction that keeps the password out of every message, log line and status reply.

The URL with credentials is built in this process from the OS keyring and handed to
FFmpeg in-process; it never appears on a command line (`ps`) or in the database.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from urllib.parse import quote, urlsplit, urlunsplit

from controlroom import secrets
from controlroom.paths import DataHome
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


def _credentials(camera: Camera, home: DataHome) -> tuple[str, str] | None:
    """(username, password) from the keyring, or None. The registry stores JSON
    {"username": …, "password": …} under the camera's uid."""
    if not camera.has_credentials:
        return None
    raw = secrets.load(camera.uid, home)
    if not raw:
        return None
    try:
        doc = json.loads(raw)
    except ValueError:
        return None
    if not isinstance(doc, dict):
        return None
    return str(doc.get("username", "")), str(doc.get("password", ""))


def with_credentials(url: str, creds: tuple[str, str] | None) -> str:
    if not creds or not url:
        return url
    user, pw = creds
    parts = urlsplit(url)
    host = parts.netloc.rsplit("@", 1)[-1]
    netloc = f"{quote(user, safe='')}:{quote(pw, safe='')}@{host}" if user or pw else host
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def camera_sources(camera: Camera, home: DataHome) -> dict[str, Source]:
    """The camera's streams that have a URL. Prefer the registry's URL builder when it
    exists (vendor templates); otherwise the stored URLs plus keyring credentials."""
    urls: dict[str, str] = {}
    hidden: tuple[str, ...] = ()
    try:
        from controlroom.video import urls as registry_urls  # type: ignore[attr-defined]

        build = getattr(registry_urls, "stream_url", None)
    except ImportError:
        build = None
    creds = _credentials(camera, home)
    if creds:
        hidden = tuple(s for s in (creds[1],) if s)
    for stream in ("main", "sub"):
        url = ""
        if build is not None:
            try:
                url = build(camera, stream, home=home, credentials=True) or ""
            except TypeError:
                url = ""
        if not url:
            stored = camera.main_url if stream == "main" else camera.sub_url
            url = with_credentials(stored, creds)
        if url:
            urls[stream] = url
    return {s: Source(camera.id, camera.code, camera.name, s, u, hidden)
            for s, u in urls.items()}
