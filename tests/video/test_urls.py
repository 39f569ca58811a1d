"""Vendor URL templates, URL validation and credential masking."""

from __future__ import annotations

import pytest

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
    assert "rtsp://x:***@h/" in out


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
