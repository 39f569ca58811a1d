"""Vendor URL templates, URL validation and credential masking."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from controlroom.errors import InvalidInput
from controlroom.video import urls


def test_hikvision_template() -> None:
    u = urls.vendor_urls("hikvision", "192.168.1.64", channel=2)
    assert u.main == "rtsp://192.168.1.64:554/Streaming/Channels/201"
    assert u.sub == "rtsp://192.168.1.64:554/Streaming/Channels/202"
    assert urls.vendor_urls("hikvision", "cam.local").main.endswith("/Channels/101")


def test_dahua_template_with_port_and_ipv6() -> None:
    u = urls.vendor_urls("dahua", "10.0.0.9", port=8554, channel=3)
    assert u.main == "rtsp://10.0.0.9:8554/cam/realmonitor?channel=3&subtype=0"
    assert u.sub == "rtsp://10.0.0.9:8554/cam/realmonitor?channel=3&subtype=1"
    assert urls.vendor_urls("dahua", "fe80::1").main.startswith("rtsp://[fe80::1]:554/")


@pytest.mark.parametrize(("kw", "word"), [
    ({"vendor": "generic", "host": "1.2.3.4"}, "hikvision"),
    ({"vendor": "hikvision", "host": ""}, "address"),
    ({"vendor": "hikvision", "host": "bad host!"}, "Invalid camera address"),
    ({"vendor": "hikvision", "host": "1.2.3.4", "port": 0}, "port"),
    ({"vendor": "dahua", "host": "1.2.3.4", "channel": 999}, "channel"),
])
def test_template_errors(kw: dict[str, object], word: str) -> None:
    with pytest.raises(InvalidInput) as e:
        urls.vendor_urls(**kw)  # type: ignore[arg-type]
    assert word in e.value.en
    assert e.value.vi and e.value.vi != e.value.en


def test_parse_splits_credentials_off() -> None:
    p = urls.parse_url("RTSP://admin:Mật%40khẩu@192.168.1.64:554/Streaming/Channels/101")
    assert p.url == "rtsp://192.168.1.64:554/Streaming/Channels/101"
    assert (p.username, p.password) == ("admin", "Mật@khẩu")
    assert urls.parse_url("rtsp://host/x?a=1&b=2").url == "rtsp://host/x?a=1&b=2"
    assert urls.parse_url("rtsp://u@host/x").password is None


@pytest.mark.parametrize(("url", "word"), [
    ("", "missing"),
    ("http://192.168.1.64/stream", "rtsp://"),
    ("192.168.1.64:554/stream", "rtsp://"),
    ("rtsp://host:99999/x", "port"),
    ("rtsp:// host/x", "spaces"),
    ("rtsp://" + "a" * 1000, "too long"),
    ("rtsp:///path-only", "address"),
])
def test_parse_errors(url: str, word: str) -> None:
    with pytest.raises(InvalidInput) as e:
        urls.parse_url(url)
    assert word in e.value.en


def test_scheme_error_never_repeats_a_password() -> None:
    with pytest.raises(InvalidInput) as e:
        urls.parse_url("http://admin:S3cret-pw@192.168.1.64/x")
    assert "S3cret" not in e.value.en and "S3cret" not in e.value.vi


def test_with_credentials_encodes_and_masked_hides() -> None:
    url = urls.with_credentials("rtsp://10.0.0.2:554/a", "admin", "p@ss:wörd/#")
    assert url == "rtsp://admin:p%40ss%3Aw%C3%B6rd%2F%23@10.0.0.2:554/a"
    assert urls.parse_url(url).password == "p@ss:wörd/#"
    assert urls.masked(url) == "rtsp://admin:***@10.0.0.2:554/a"
    assert urls.masked("rtsp://10.0.0.2/a", "admin") == "rtsp://admin:***@10.0.0.2/a"
    assert urls.masked("rtsp://10.0.0.2/a") == "rtsp://10.0.0.2/a"
    assert urls.with_credentials("rtsp://h/a", None, "x") == "rtsp://h/a"


def test_redact_removes_userinfo_and_secrets() -> None:
    msg = ("[Errno 1] Server returned 401: 'rtsp://admin:p%40ss@10.0.0.2:554/a' "
           "and rtsp://x@h/ and raw p@ss")
    out = urls.redact(msg, "p@ss")
    assert "p@ss" not in out and "p%40ss" not in out
    assert "rtsp://admin:***@10.0.0.2:554/a" in out
    assert "rtsp://***@h/" in out  # a lone userinfo may be a token: hidden whole


@pytest.mark.parametrize(("text", "secret", "gone"), [
    ("rtsp://admin:ab@10.0.0.2/a", "ab", "ab@"),  # a two-character password
    ("open rtsp://admin@10.0.0.2/a failed", None, "admin@"),
    ("rtsp://admin:p@ss@10.0.0.2/a", None, "ss@"),  # a raw "@" in the password
    ("rtsp://10.0.0.2/a?usr=admin&pwd=Bi-Mat9", None, "Bi-Mat9"),
    ("http://cam/snap?PASSWORD=Bi%20Mat", None, "Bi%20Mat"),
    ("Authorization: Basic YWRtaW46YWI=", None, "YWRtaW46YWI="),
    ("'rtsp://admin:m%E1%BA%ADt@h/' and m%e1%ba%adt", "mật", "%ad"),  # lower-case hex
    ("nfd mật", "mật", "a"),  # the secret typed decomposed
])
def test_redact_hides_every_credential_form(text: str, secret: str | None, gone: str) -> None:
    assert gone not in urls.redact(text, secret)


def test_one_redact_for_every_path() -> None:
    import controlroom
    from controlroom.video import source

    defs = [p for p in Path(controlroom.__file__).parent.rglob("*.py")
            if "\ndef redact(" in p.read_text(encoding="utf-8")]
    assert [p.name for p in defs] == ["urls.py"]
    src = source.Source(1, "C", "C", "main", "rtsp://u:xy@h/a", ("xy",))
    assert src.safe_url == "rtsp://u:***@h/a" and src.redact("bad xy") == "bad ***"


SECRET = st.text(min_size=1, max_size=12).filter(lambda s: set(s) - {"*"})
USER = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=8)
NOISE = st.text(max_size=30)


def _lower_hex(text: str) -> str:
    return re.sub(r"%[0-9A-F]{2}", lambda m: m.group(0).lower(), text)


def _forms(secret: str) -> list[str]:
    out = []
    for s in {secret, unicodedata.normalize("NFC", secret),
              unicodedata.normalize("NFD", secret)}:
        out += [s, quote(s, safe=""), quote(s), _lower_hex(quote(s, safe=""))]
    return [f for f in out if set(f) - {"*"}]


@settings(max_examples=300, deadline=None)
@given(SECRET, USER, NOISE, NOISE, st.sampled_from(["encoded", "raw", "query", "lower"]))
def test_no_form_of_a_given_secret_survives(secret: str, user: str, before: str, after: str,
                                            how: str) -> None:
    base = "rtsp://192.168.1.64:554/Streaming/Channels/101"
    url = {"encoded": urls.with_credentials(base, user, secret),
           "raw": f"rtsp://{user}:{secret}@192.168.1.64/",
           "query": f"{base}?user={quote(user)}&password={quote(secret, safe='')}",
           "lower": _lower_hex(urls.with_credentials(base, user, secret))}[how]
    out = urls.redact(f"{before}Server returned 401 Unauthorized: '{url}'{after} {secret}",
                      secret)
    for form in _forms(secret):
        assert form not in out


@settings(max_examples=300, deadline=None)
@given(USER, SECRET, NOISE)
def test_userinfo_passwords_are_hidden_without_being_told(user: str, secret: str,
                                                          after: str) -> None:
    """The recorder's log filter may meet a URL whose secret it was never given."""
    base = "rtsp://10.1.2.3:554/cam/realmonitor?channel=1&subtype=0"
    url = urls.with_credentials(base, user, secret)
    out = urls.redact(f"cannot open {url} {after}")
    assert f"{quote(user, safe='')}:***@10.1.2.3:554" in out
    assert quote(secret, safe="") + "@" not in out
    assert urls.masked(url).endswith("***@10.1.2.3:554/cam/realmonitor?channel=1&subtype=0")


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=120))
def test_parse_url_accepts_or_refuses_never_crashes(text: str) -> None:
    try:
        parsed = urls.parse_url(text)
    except InvalidInput as e:
        assert e.vi and e.en
        return
    assert parsed.url.startswith(("rtsp://", "rtsps://")) and "@" not in urlsplit(
        parsed.url).netloc


def test_stream_url_of_a_registered_camera(sqlite_db: object, home: object) -> None:
    from controlroom.records import cameras
    from controlroom.records.cameras import CameraSpec
    from controlroom.records.db import Database
    from controlroom.records.users import SYSTEM

    assert isinstance(sqlite_db, Database)
    with sqlite_db.session() as s:
        cam = cameras.add(s, SYSTEM, CameraSpec("Cam", main_url="rtsp://10.0.0.2/a"),
                          username="admin", password="p@ss")
        assert urls.stream_url(cam, "main") == "rtsp://10.0.0.2/a"
        assert urls.stream_url(cam, "main", credentials=True) == \
            "rtsp://admin:p%40ss@10.0.0.2/a"
        assert urls.stream_url(cam, "sub", credentials=True) == ""


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80), st.one_of(st.none(), st.integers(-10, 70000)),
       st.one_of(st.none(), st.integers(-5, 300)), st.sampled_from(["hikvision", "dahua"]))
def test_vendor_urls_from_any_host_port_channel(host: str, port: int | None,
                                                channel: int | None, vendor: str) -> None:
    try:
        built = urls.vendor_urls(vendor, host, port, channel)
    except InvalidInput:
        return
    for u in (built.main, built.sub):
        assert urls.parse_url(u).url == u  # what the templates build is a valid URL
