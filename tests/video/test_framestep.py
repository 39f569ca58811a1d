"""Frame step pictures: the stepper gives exactly the picture decoding from the keyframe
gives, forward and back, and decodes a GOP once however many steps are taken in it."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from controlroom.video.framestep import FrameStepper
from controlroom.video.segment_list import (
    decode_picture,
    frame_times,
    keyframes,
    last_frame_time,
    next_frame_time,
    previous_frame_time,
)


@pytest.fixture(scope="module", params=["libx264", "libx265"])
def clip(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """3 s at 25 fps, GOP 1 s (H.264 with B-frames: pictures decode out of order)."""
    path = tmp_path_factory.mktemp("fs") / "c.mp4"
    extra = (["-x265-params", "keyint=25:min-keyint=25:scenecut=0:log-level=error"]
             if request.param == "libx265" else ["-g", "25", "-bf", "2"])
    subprocess.run(["ffmpeg", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
                    "testsrc2=size=160x90:rate=25", "-t", "3", "-c:v", request.param,
                    "-preset", "ultrafast", *extra, "-pix_fmt", "yuv420p", str(path)],
                   check=True, timeout=120)
    return path


def test_previous_and_last_frame_times(clip: Path) -> None:
    times = frame_times(clip)
    assert previous_frame_time(clip, times[0]) is None
    assert previous_frame_time(clip, times[1]) == times[0]
    assert previous_frame_time(clip, (times[5] + times[6]) / 2) == times[4]  # 5 is shown
    assert previous_frame_time(clip, next_frame_time(clip, times[9]) or 0) == times[9]
    assert last_frame_time(clip) == times[-1]
    assert previous_frame_time(clip.parent / "missing.mp4", 1.0) is None
    assert last_frame_time(clip.parent / "missing.mp4") is None


def test_forward_steps_decode_each_picture_once(clip: Path) -> None:
    times = frame_times(clip)
    st = FrameStepper()
    for t in times[1:]:
        assert st.picture(clip, t) == decode_picture(clip, t), t
    # one open for the whole file: the decoder goes on across keyframes
    assert st.opens == 1 and st.decoded == len(times)


def test_backward_steps_decode_each_gop_once(clip: Path) -> None:
    times = frame_times(clip)
    st = FrameStepper()
    for t in reversed(times):
        assert st.picture(clip, t) == decode_picture(clip, t), t
        assert st.cached(clip, t)
    assert st.opens == len(keyframes(clip)) == 3
    assert st.decoded == len(times)
    # forward again over the last GOP decoded (the first one): nothing decoded
    opens, decoded = st.opens, st.decoded
    for t in times[:25]:
        assert st.picture(clip, t) == decode_picture(clip, t)
    assert (st.opens, st.decoded) == (opens, decoded)


def test_memory_is_bounded_and_pictures_stay_exact(clip: Path) -> None:
    times = frame_times(clip)
    st = FrameStepper(max_bytes=8 * 160 * 90 * 3 // 2)  # eight pictures
    for t in reversed(times):
        assert st.picture(clip, t) == decode_picture(clip, t), t
        assert len(st._run) <= 8
    assert st.opens > 3  # a GOP longer than the budget is decoded again, still exact
    # a jump far ahead opens at the keyframe there instead of decoding the file through
    st = FrameStepper()
    st.picture(clip, times[2])
    st.picture(clip, times[-3])
    assert st.opens == 2 and st.decoded < len(times) // 2 + 5


def test_unreadable_file(tmp_path: Path) -> None:
    st = FrameStepper()
    assert st.picture(tmp_path / "missing.mp4", 1.0) is None
    bad = tmp_path / "bad.mp4"
    bad.write_bytes(b"\0" * 1000)
    assert st.picture(bad, 0.0) is None


def test_stepping_back_with_look_ahead_opens_nothing_on_the_callers_thread(clip: Path
                                                                           ) -> None:
    times = frame_times(clip)
    st = FrameStepper()
    for t in reversed(times):
        assert st.picture(clip, t) == decode_picture(clip, t), t
        start = st.run_start()
        assert start is not None and start[0] == clip
        before = previous_frame_time(clip, start[1])
        if before is not None:
            st.prefetch(clip, before)  # what playback does after each step back
            st.settle()  # (the worker's timing is not what this checks)
    # only the last GOP was decoded on the caller's thread; the other two ahead, once each
    assert (st.opens, st.ahead_opens) == (1, 2)
    assert st.decoded + st.ahead_decoded == len(times)
    # the GOPs were joined into one run (within the memory bound): forward again is free
    for t in times:
        assert st.cached(clip, t)
    st.close()
