"""A thin libVLC (python-vlc) wrapper for the live grid and playback, without Qt.

Why it exists:
- one `vlc.Instance` for the whole process (each instance loads every plugin again);
- libVLC reports events on its own threads, and calling libVLC back from there can
  deadlock, so events are only *forwarded* to a callback the caller gives (the GUI turns
  them into queued Qt signals);
- `stop()` and `release()` can block for hundreds of milliseconds (network teardown,
  decoder flush), so they run on a small worker pool and never on the GUI thread;
- the window handle is passed the right way for each platform.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

import vlc

log = logging.getLogger(__name__)

#: Options for a live relay: little buffering, no clock smoothing (we want "now").
LIVE_OPTIONS: tuple[str, ...] = (":network-caching=300", ":clock-jitter=0", ":no-audio")
#: A live tile the officer unmuted (only the main stream's relay carries sound).
LIVE_SOUND_OPTIONS: tuple[str, ...] = (":network-caching=300", ":clock-jitter=0")
#: Options for recorded files. Sound plays only on the playback's sound pane (the first
#: camera) at 1× (`playback_sound`); the other panes are opened without audio at all.
FILE_OPTIONS: tuple[str, ...] = (":file-caching=300",)
SILENT: tuple[str, ...] = (":no-audio",)


def playback_sound(rate: float, sound_pane: bool) -> bool:
    """Playback is heard at normal speed only, and from one camera (several cameras'
    sound mixed is noise; sped-up or slowed sound misleads)."""
    return sound_pane and abs(rate - 1.0) < 1e-6


class PlayerEvent(Enum):
    """What a player reports, reduced to what the tiles and playback care about."""

    OPENING = "opening"
    BUFFERING = "buffering"
    PLAYING = "playing"
    PAUSED = "paused"
    VIDEO = "video"  # a video output exists: frames are being drawn
    END = "end"  # end of file, or the live relay closed the connection
    ERROR = "error"
    STOPPED = "stopped"


_EVENT_MAP: dict[Any, PlayerEvent] = {
    vlc.EventType.MediaPlayerOpening: PlayerEvent.OPENING,
    vlc.EventType.MediaPlayerBuffering: PlayerEvent.BUFFERING,
    vlc.EventType.MediaPlayerPlaying: PlayerEvent.PLAYING,
    vlc.EventType.MediaPlayerPaused: PlayerEvent.PAUSED,
    vlc.EventType.MediaPlayerVout: PlayerEvent.VIDEO,
    vlc.EventType.MediaPlayerEndReached: PlayerEvent.END,
    vlc.EventType.MediaPlayerEncounteredError: PlayerEvent.ERROR,
    vlc.EventType.MediaPlayerStopped: PlayerEvent.STOPPED,
}

EventSink = Callable[["Player", PlayerEvent], None]

# libVLC puts a "prefetch" read-ahead ring in front of every HTTP input, 16 MiB by
# default (the unit is KiB). An endless live stream fills that ring once, so each tile
# grew by its stream's bitrate until 16 MiB: +243 MiB in 10 minutes for a 16-tile grid of
# 0.9 Mbit/s sub streams. The demuxer drains the ring continuously and the playing buffer
# is `network-caching`, so 512 KiB (0.5 s of an 8 Mbit/s main stream) is plenty and the
# grid's memory stays flat. Measured in bench/grid_bench.py.
PREFETCH_KIB = 512
PREFETCH_ARGS = (f"--prefetch-buffer-size={PREFETCH_KIB}", "--prefetch-read-size=65536")


class Engine:
    """The process-wide libVLC instance and the pool that stops/releases players."""

    _lock = threading.Lock()
    _shared: Engine | None = None

    def __init__(self, extra_args: tuple[str, ...] = ()) -> None:
        args = ["--quiet", "--no-video-title-show", "--no-snapshot-preview", "--no-osd",
                "--no-spu", "--no-sub-autodetect-file", "--no-lua",
                "--no-media-library", "--no-xlib",  # Qt owns Xlib; libVLC uses XCB only
                "--avcodec-threads=1",  # many small streams: a thread each is plenty
                *PREFETCH_ARGS]
        vout = os.environ.get("CONTROLROOM_VLC_VOUT")
        if vout:
            args.append(f"--vout={vout}")
        args.extend(extra_args)
        instance = vlc.Instance(args)
        if instance is None:
            from controlroom.errors import UserError
            raise UserError(
                "Không khởi động được libVLC. Hãy cài VLC (libvlc5, vlc-plugin-base, "
                "vlc-plugin-video-output).",
                "libVLC could not start. Install VLC (libvlc5, vlc-plugin-base, "
                "vlc-plugin-video-output).")
        self.instance: vlc.Instance = instance
        self.pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="vlc-stop")

    @classmethod
    def shared(cls) -> Engine:
        with cls._lock:
            if cls._shared is None:
                cls._shared = cls()
            return cls._shared


@dataclass(frozen=True)
class VideoInfo:
    width: int
    height: int


class Player:
    """One libVLC media player drawing into one native window.

    All methods are called from one thread (the GUI thread) except where noted. Event
    callbacks run on libVLC threads and only call `sink`.
    """

    def __init__(self, sink: EventSink | None = None, engine: Engine | None = None) -> None:
        self.engine = engine or Engine.shared()
        self._mp: vlc.MediaPlayer = self.engine.instance.media_player_new()
        self._mp.video_set_mouse_input(False)
        self._mp.video_set_key_input(False)
        self._sink = sink
        self._url = ""
        self._released = False
        self._stopping: Future[None] | None = None
        em = self._mp.event_manager()
        for etype in _EVENT_MAP:
            em.event_attach(etype, self._on_vlc_event)

    # --- libVLC thread ------------------------------------------------------------------

    def _on_vlc_event(self, event: Any) -> None:
        """Runs on a libVLC thread: translate and forward, never call libVLC here."""
        kind = _EVENT_MAP.get(event.type)
        sink = self._sink
        if kind is not None and sink is not None:
            try:
                sink(self, kind)
            except Exception:  # a broken sink must not kill libVLC's event thread
                log.exception("player event sink failed")

    # --- setup --------------------------------------------------------------------------

    def set_window(self, win_id: int) -> None:
        """Draw into the native window `win_id` (Qt: `int(widget.winId())`)."""
        if sys.platform.startswith("win"):
            self._mp.set_hwnd(win_id)
        elif sys.platform == "darwin":
            self._mp.set_nsobject(win_id)
        else:
            self._mp.set_xwindow(win_id)

    @property
    def url(self) -> str:
        return self._url

    def play(self, url: str, options: tuple[str, ...] = LIVE_OPTIONS) -> None:
        """Open `url` (http://, file path or file://) and start playing."""
        self._url = url
        if "://" in url:
            media = self.engine.instance.media_new(url, *options)
        else:
            media = self.engine.instance.media_new_path(url)
            for opt in options:
                media.add_option(opt)
        self._mp.set_media(media)
        media.release()  # the player holds its own reference
        self._mp.play()

    # --- control (cheap calls, GUI thread is fine) ---------------------------------------

    def pause(self, paused: bool = True) -> None:
        self._mp.set_pause(1 if paused else 0)

    def resume(self) -> None:
        self._mp.set_pause(0)

    def next_frame(self) -> None:
        self._mp.next_frame()

    def set_mute(self, muted: bool) -> None:
        self._mp.audio_set_mute(bool(muted))

    def muted(self) -> bool:
        return bool(self._mp.audio_get_mute())

    def audio_track(self) -> int:
        """The audio track being played, -1 when none (no sound, or opened silent)."""
        return int(self._mp.audio_get_track())

    def set_rate(self, rate: float) -> None:
        self._mp.set_rate(rate)

    def rate(self) -> float:
        return float(self._mp.get_rate())

    def time_ms(self) -> int:
        """Current position in the media in ms, -1 when unknown."""
        return int(self._mp.get_time())

    def length_ms(self) -> int:
        return int(self._mp.get_length())

    def set_time_ms(self, ms: int) -> None:
        self._mp.set_time(max(0, int(ms)))

    def is_playing(self) -> bool:
        return bool(self._mp.is_playing())

    def state(self) -> str:
        """libVLC's state name in lower case (e.g. 'playing', 'ended', 'error')."""
        return str(self._mp.get_state()).rsplit(".", 1)[-1].lower()

    def video_info(self) -> VideoInfo | None:
        """The decoded picture size, None before the first frame."""
        size = self._mp.video_get_size(0)
        if not size or not size[0]:
            return None
        return VideoInfo(int(size[0]), int(size[1]))

    def decoded_frames(self) -> int:
        """Frames decoded so far; a live tile whose count stops rising has stalled."""
        media = self._mp.get_media()
        if media is None:
            return 0
        stats = vlc.MediaStats()
        try:
            ok = media.get_stats(stats)
        finally:
            media.release()
        return int(stats.decoded_video) if ok else 0

    def snapshot(self, path: Path, width: int = 0, height: int = 0) -> bool:
        """Write the current picture to `path` (PNG by extension). Blocks until libVLC has
        written it, so call it from a worker thread. Width/height 0 = source size."""
        path.parent.mkdir(parents=True, exist_ok=True)
        rc = self._mp.video_take_snapshot(0, str(path), width, height)
        return rc == 0 and path.exists() and path.stat().st_size > 0

    # --- teardown (off the GUI thread) ----------------------------------------------------

    def stop_async(self) -> Future[None]:
        """Stop on the worker pool; the returned future completes once libVLC no longer
        draws into the window (the caller may then destroy it)."""
        if self._stopping is None:
            self._sink = None
            self._stopping = self.engine.pool.submit(self._stop_blocking)
        return self._stopping

    def release_async(self) -> Future[None]:
        """Stop and free the libVLC player on the worker pool."""
        fut = self.stop_async()
        done: Future[None] = Future()

        def _after(_f: Future[None]) -> None:
            self.engine.pool.submit(self._release_blocking).add_done_callback(
                lambda f: done.set_result(None) if f.exception() is None
                else done.set_exception(f.exception() or RuntimeError()))

        fut.add_done_callback(_after)
        return done

    def _stop_blocking(self) -> None:
        try:
            self._mp.stop()
        except Exception:
            log.exception("libVLC stop failed")

    def _release_blocking(self) -> None:
        if self._released:
            return
        self._released = True
        try:
            em = self._mp.event_manager()
            for etype in _EVENT_MAP:
                em.event_detach(etype)
            self._mp.release()
        except Exception:
            log.exception("libVLC release failed")
