"""Camera stream URLs: vendor templates, validation, and keeping credentials out of them.

URLs stored in the database never carry a user or password; the credentials live in the
OS keyring (see records/cameras.py) and are put into the URL only at the moment the
recorder or the probe opens it (`with_credentials`). Anything shown to a person goes
through `masked` (password → ***) or `redact` (for error texts that may echo a URL).
"""

from __future__ import annotations

import functools
import ipaddress
import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import quote, quote_plus, unquote, urlsplit, urlunsplit

from controlroom.errors import InvalidInput
from controlroom.i18n import Text

if TYPE_CHECKING:
    from controlroom.paths import DataHome
    from controlroom.records.models import Camera

VENDORS = ("generic", "hikvision", "dahua")
VENDOR_NAMES = {"generic": "Generic RTSP", "hikvision": "Hikvision / HiLook / EZVIZ",
                "dahua": "Dahua / KBVision / Imou"}
SCHEMES = ("rtsp", "rtsps")
DEFAULT_RTSP_PORT = 554
MAX_URL = 1000
URL_TEXT = Text("URL", "URL")

_HOSTNAME = re.compile(r"^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)"
                       r"(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$")


@dataclass(frozen=True)
class StreamUrls:
    main: str
    sub: str  # "" when the camera has no second stream


def validate_host(host: str) -> str:
    """An IPv4/IPv6 address or a DNS name, stripped; anything else is refused."""
    h = host.strip()
    if h.startswith("[") and h.endswith("]"):
        h = h[1:-1]
    if not h:
        raise InvalidInput("Chưa nhập địa chỉ camera (IP hoặc tên máy).",
                           "The camera address (IP or host name) is missing.")
    try:
        return str(ipaddress.ip_address(h))
    except ValueError:
        pass
    if not _HOSTNAME.match(h) or h.replace(".", "").isdigit():
        raise InvalidInput("Địa chỉ camera không hợp lệ: «{h}».",
                           "Invalid camera address: «{h}».", h=h[:80])
    return h.lower()


def validate_port(port: int | None) -> int | None:
    if port is None:
        return None
    if not 1 <= int(port) <= 65535:
        raise InvalidInput("Cổng phải từ 1 đến 65535 (nhận được {p}).",
                           "The port must be 1 to 65535 (got {p}).", p=port)
    return int(port)


def validate_channel(channel: int | None) -> int | None:
    if channel is None:
        return None
    if not 1 <= int(channel) <= 256:
        raise InvalidInput("Kênh phải từ 1 đến 256 (nhận được {c}).",
                           "The channel must be 1 to 256 (got {c}).", c=channel)
    return int(channel)


def _netloc(host: str, port: int | None) -> str:
    h = f"[{host}]" if ":" in host else host
    return f"{h}:{port}" if port else h


def vendor_urls(vendor: str, host: str, port: int | None = None,
                channel: int | None = None) -> StreamUrls:
    """Main and sub stream URLs from a vendor's template (no credentials).

    Hikvision: /Streaming/Channels/{ch}01 (main), {ch}02 (sub).
    Dahua:     /cam/realmonitor?channel={ch}&subtype=0 (main), 1 (sub).
    """
    if vendor not in ("hikvision", "dahua"):
        raise InvalidInput(
            "Hãng camera phải là hikvision hoặc dahua (hoặc nhập URL trực tiếp).",
            "The vendor must be hikvision or dahua (or give the URL directly).")
    host = validate_host(host)
    port = validate_port(port) or DEFAULT_RTSP_PORT
    ch = validate_channel(channel) or 1
    base = f"rtsp://{_netloc(host, port)}"
    if vendor == "hikvision":
        return StreamUrls(f"{base}/Streaming/Channels/{ch}01",
                          f"{base}/Streaming/Channels/{ch}02")
    return StreamUrls(f"{base}/cam/realmonitor?channel={ch}&subtype=0",
                      f"{base}/cam/realmonitor?channel={ch}&subtype=1")


@dataclass(frozen=True)
class ParsedUrl:
    url: str  # normalised, without credentials
    username: str | None
    password: str | None


def parse_url(url: str, what: Text = URL_TEXT) -> ParsedUrl:
    """Check a stream URL and split off any credentials typed into it. `what` names the
    field in each language (`Text("URL luồng chính", "main stream URL")`): each message
    is in one language only.

    People paste `rtsp://admin:12345@192.168.1.64:554/...` from the camera's manual; we
    accept it, but the user and password go to the keyring, never into the database.
    Error messages never repeat the URL (it may hold the password).
    """
    w = {"wv": what.vi, "we": what.en}
    raw = url.strip()
    if not raw:
        raise InvalidInput("Chưa nhập {wv}.", "The {we} is missing.", **w)
    if len(raw) > MAX_URL:
        raise InvalidInput("{wv} quá dài (tối đa {n} ký tự).",
                           "The {we} is too long (at most {n} characters).", n=MAX_URL, **w)
    if any(c.isspace() or ord(c) < 32 for c in raw):
        raise InvalidInput("{wv} không được chứa khoảng trắng.",
                           "The {we} must not contain spaces.", **w)
    parts = urlsplit(raw)
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        shown = (scheme + "://") if scheme else raw.split("/")[0][:20].split("@")[-1]
        raise InvalidInput(
            "{wv} phải bắt đầu bằng rtsp:// (nhận được «{s}»).",
            "The {we} must start with rtsp:// (got «{s}»).", s=redact(shown), **w)
    try:
        host = parts.hostname or ""
        port = parts.port
    except ValueError:
        raise InvalidInput("{wv} có cổng không hợp lệ.", "The {we} has an invalid port.",
                           **w) from None
    host = validate_host(host)
    port = validate_port(port)
    user = unquote(parts.username) if parts.username is not None else None
    pw = unquote(parts.password) if parts.password is not None else None
    clean = urlunsplit((scheme, _netloc(host, port), parts.path, parts.query, ""))
    return ParsedUrl(clean, user or None, pw)


def with_credentials(url: str, username: str | None, password: str | None) -> str:
    """The URL to hand to FFmpeg: user and password percent-encoded into it."""
    if not username:
        return url
    parts = urlsplit(url)
    userinfo = quote(username, safe="")
    if password:
        userinfo += ":" + quote(password, safe="")
    netloc = parts.netloc.rsplit("@", 1)[-1]
    return urlunsplit((parts.scheme, f"{userinfo}@{netloc}", parts.path, parts.query,
                       parts.fragment))


def masked(url: str, username: str | None = None) -> str:
    """`rtsp://user:***@host/...`: safe to show, log or put in an error message."""
    parts = urlsplit(url)
    netloc = parts.netloc
    if "@" in netloc:
        info, netloc = netloc.rsplit("@", 1)
        username = username or unquote(info.split(":", 1)[0])
    if username:
        netloc = f"{quote(username, safe='')}:***@{netloc}"
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


# Userinfo of any URL: greedy up to the last "@" before the path, so a raw "@" inside a
# password ("admin:p@ss@host") is hidden whole.
_USERINFO = re.compile(r"(?P<scheme>[a-zA-Z][a-zA-Z0-9+.-]*://)(?P<info>[^/\s'\"<>]*)@")
# Credentials some cameras take in the query string (Foscam `?usr=admin&pwd=...`) or
# that an HTTP error may echo ("Authorization: Basic ...").
_QUERY_SECRET = re.compile(
    r"(?i)(?P<key>\b(?:password|passwd|pwd|pass|pw|token|auth|secret|key|apikey|api_key|"
    r"access_token|sig|signature)=)(?P<value>[^&\s#'\"<>]*)")
_AUTH_HEADER = re.compile(r"(?i)(?P<head>\bauthorization:\s*\w+\s+)[^\r\n]*")
MASK = "***"


@functools.lru_cache(maxsize=256)  # the recorder's log filter asks for every line
def _secret_forms(secret: str) -> tuple[str, ...]:
    """The ways a secret can appear in a message: as typed, in either Unicode form, and
    percent-encoded (upper or lower case hex, path or form style). A secret made only
    of "*" cannot be told from the mask and is left to the userinfo rule."""
    forms: set[str] = set()
    for s in {secret, unicodedata.normalize("NFC", secret),
              unicodedata.normalize("NFD", secret)}:
        for enc in (s, quote(s, safe=""), quote(s), quote_plus(s)):
            forms.update({enc, re.sub(r"%[0-9A-F]{2}", lambda m: m.group(0).lower(), enc)})
    return tuple(f for f in forms if f and set(f) - {"*"})


def redact(text: str, *secrets: str | None) -> str:
    """The one redaction of credentials out of any text shown, logged or stored (error
    messages echo the URL FFmpeg opened; `/status` carries them; log lines too):

    - every URL's userinfo: `user:password@` → `user:***@`, a lone `token@` → `***@`;
    - query-string secrets (`pwd=...`, `password=...`) and HTTP auth headers;
    - each given secret wherever it appears, in every form `_secret_forms` lists,
      however short (a two-character password is still a password).

    `tests/video/test_urls.py` holds it with hypothesis: no form of the secret survives."""

    def userinfo(m: re.Match[str]) -> str:
        info = m.group("info")
        if ":" in info:
            return f"{m.group('scheme')}{info.split(':', 1)[0]}:{MASK}@"
        return f"{m.group('scheme')}{MASK}@"

    out = _USERINFO.sub(userinfo, text)
    out = _QUERY_SECRET.sub(lambda m: m.group("key") + MASK, out)
    out = _AUTH_HEADER.sub(lambda m: m.group("head") + MASK, out)
    forms = sorted({f for s in secrets if s for f in _secret_forms(s)}, key=len, reverse=True)
    # Until none is left: a replacement can join the text around it into another form.
    # It ends: each replacement removes at least one character other than "*".
    while hits := [f for f in forms if f in out]:
        for form in hits:
            out = out.replace(form, MASK)
    return out


def stream_url(camera: Camera, stream: str = "main", home: DataHome | None = None,
               credentials: bool = False) -> str:
    """A registered camera's stream URL ("" when it has no such stream); with
    `credentials=True` the keyring's user and password are in it — for opening the
    stream only (recorder, probe), never for showing or logging."""
    from controlroom.records import cameras  # the registry imports this module

    if credentials:
        return cameras.credentialed_url(camera, stream, home)
    return cameras.stream_url(camera, stream)
