"""Stream failures explained in the desk's language, in /status and the CLI."""

from __future__ import annotations

import pytest

from controlroom.video.health import StreamStatus, explain

FFMPEG_401 = ("[Errno 825241161] Server returned 401 Unauthorized (authorization failed): "
              "'rtsp://admin:***@192.168.1.64:554/Streaming/Channels/101'")


@pytest.mark.parametrize(("raw", "vi_word", "en_word"), [
    (FFMPEG_401, "mật khẩu", "password"),
    ("Server returned 403 Forbidden (access denied)", "cấm", "forbids"),
    ("Server returned 404 Not Found", "đường dẫn", "path"),
    ("[Errno 111] Connection refused: 'rtsp://10.0.0.2/a'", "từ chối", "refused"),
    ("[Errno 110] Connection timed out", "không trả lời", "No answer"),
    ("[Errno 113] No route to host", "đường tới", "route"),
    ("stream ended", "ngắt", "dropped"),
    ("no space left on the recordings disk", "đầy", "full"),
])
def test_ffmpeg_messages_become_one_language_sentences(raw: str, vi_word: str,
                                                       en_word: str) -> None:
    t = explain(raw)
    assert vi_word in t.vi and en_word in t.en
    for english in ("Server returned", "Unauthorized", "Errno", "rtsp://"):
        assert english not in t.vi and english not in t.en


def test_unknown_messages_are_passed_through_labelled() -> None:
    t = explain("something odd")
    assert t.vi == "Lỗi luồng: something odd" and t.en == "Stream error: something odd"
    assert explain("").en == ""


def test_status_carries_the_explained_error() -> None:
    st = StreamStatus(1, "Cổng chợ", "main", True)
    st.set_state("auth_failed", FFMPEG_401)
    d = st.as_dict()
    assert d["last_error"] == FFMPEG_401  # the raw (redacted) text for the log
    assert d["last_error_text"]["vi"].startswith("Camera từ chối tên đăng nhập")
    assert "401" in d["last_error_text"]["en"]
