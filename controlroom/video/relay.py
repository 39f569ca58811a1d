"""Live relay: the packets the recorder already receives, remuxed to MPEG-TS for viewers
on 127.0.0.1.

Why: libVLC on Debian/Ubuntu cannot open rtsp:// (no live555), and a cheap camera allows
only 2–4 RTSP sessions; so the recorder owns the only connection per stream and the grid
tiles play `http://127.0.0.1:PORT/live/<camera>/<stream>.ts`.

Each stream has a `RelayHub` that keeps the current GOP (from the last keyframe), so a
new viewer starts with a picture at once instead of waiting for the next keyframe. Each
viewer has its own bounded queue and its own TS muxer; a viewer that falls behind skips
to the next keyframe instead of slowing the camera thread.
"""

from __future__ import annotations

import collections
import contextlib
import logging
import threading
import time
from fractions import Fraction
from typing import Any, BinaryIO

import av

log = logging.getLogger("controlroom.recorder.relay")

MAX_GOP_PACKETS = 750  # 30 s at 25 fps: beyond that a camera's GOP is broken anyway
MAX_QUEUE = 500
TS90 = Fraction(1, 90000)


class RelayPacket:
    """One packet as the relay keeps it. A plain slotted class: a frozen dataclass's
    __init__ (object.__setattr__ per field) cost more than the rest of `publish`."""

    __slots__ = ("data", "dts90", "pts90", "key", "generation", "audio")

    def __init__(self, data: Any, dts90: int, pts90: int, key: bool,
                 generation: int, audio: bool = False) -> None:
        self.data = data  # bytes-like: the demuxed av.Packet itself (see publish)
        self.dts90 = dts90  # DTS in 1/90000 s
        self.pts90 = pts90
        self.key = key
        self.generation = generation
        self.audio = audio  # ADTS-framed AAC (the recorded sound), else video


class Viewer:
    def __init__(self, initial: list[RelayPacket]) -> None:
        self.cond = threading.Condition()
        self.queue: collections.deque[RelayPacket] = collections.deque(initial)
        self.need_key = False
        self.closed = False

    def put(self, pkt: RelayPacket) -> None:
        with self.cond:
            if pkt.audio:
                if not self.need_key and len(self.queue) < MAX_QUEUE:
                    self.queue.append(pkt)
                    self.cond.notify()
                return
            if self.need_key:
                if not pkt.key:
                    return
                self.need_key = False
            if len(self.queue) >= MAX_QUEUE:
                self.queue.clear()
                if not pkt.key:
                    self.need_key = True
                    return
            self.queue.append(pkt)
            self.cond.notify()

    def get(self, timeout: float) -> RelayPacket | None:
        with self.cond:
            if not self.queue and not self.closed:
                self.cond.wait(timeout)
            return self.queue.popleft() if self.queue else None

    def close(self) -> None:
        with self.cond:
            self.closed = True
            self.cond.notify_all()


class RelayHub:
    """One camera stream's fan-out point. The camera thread calls `attach`, `publish`,
    `detach`; HTTP handler threads call `subscribe`/`unsubscribe`."""

    def __init__(self, camera_id: int, stream: str) -> None:
        self.camera_id = camera_id
        self.stream = stream
        self.lock = threading.Lock()
        self.wanted = threading.Event()  # a viewer is waiting (on-demand streams)
        self.template: Any = None  # the input av stream while connected (PyAV)
        self.codec: dict[str, Any] | None = None  # codec facts while connected (native)
        self._feed: Any = None  # the native input: GOP cache and delivery live in C
        self.audio: tuple[int, int] | None = None  # (rate, channels) of relayed AAC
        self.generation = 0
        self._time_base: Fraction = TS90
        self._to90 = 1.0
        self._gop: list[RelayPacket] = []
        self._viewers: set[Viewer] = set()
        self.last_viewer_left = float("-inf")

    @property
    def viewer_count(self) -> int:
        with self.lock:
            return len(self._viewers)

    def _new_connection(self, time_base: Fraction | None) -> None:
        """A new generation of packets (call with the lock held)."""
        self.generation += 1
        self._time_base = time_base or TS90
        self._to90 = float(self._time_base / TS90)
        self._gop = []

    def attach(self, stream: Any) -> None:
        with self.lock:
            self.template = stream
            self._new_connection(stream.time_base)

    def attach_native(self, feed: Any, info: dict[str, Any]) -> None:
        """A native input (controlroom.video._native.Input) keeps the GOP itself and
        delivers packets to `publish_raw` only while somebody watches."""
        with self.lock:
            self.template = None
            self.codec = info
            self._feed = feed
            self.audio = ((int(info["audio_rate"]), int(info["audio_channels"]))
                          if info.get("audio_codec") == "aac" else None)
            num, den = info["time_base"]
            self._new_connection(Fraction(num, den) if num and den else None)
            if self._viewers:
                feed.subscribe()  # viewers already waiting: deliver from the first packet

    def detach(self) -> None:
        """Called before the input container closes: viewers must not copy its codec
        parameters afterwards."""
        with self.lock:
            self.template = None
            self.codec = None
            self._feed = None
            self._gop = []
            self.audio = None

    def publish(self, packet: av.Packet) -> None:
        dts = packet.dts
        if dts is None:
            return
        pts = packet.pts if packet.pts is not None else dts
        k = self._to90
        # The packet itself, not bytes(packet): its FFmpeg buffer is reference-counted and
        # never written to (the muxer takes its own reference), so no copy per packet.
        # Timestamps are taken now, before the segment writer rewrites them.
        self._fan_out(RelayPacket(packet, int(dts * k), int(pts * k),
                                  bool(packet.is_keyframe), self.generation))

    def publish_raw(self, data: bytes, dts: int, pts: int, key: bool) -> None:
        """A packet delivered by the native input (its GOP cache is in C)."""
        k = self._to90
        rp = RelayPacket(data, int(dts * k), int(pts * k), key, self.generation)
        with self.lock:
            viewers = list(self._viewers)
        for v in viewers:
            v.put(rp)

    def publish_audio(self, data: bytes, pts: int) -> None:
        """An ADTS-framed AAC packet of the recorded sound (pts in the video time base);
        only viewers get it (the GOP cache is pictures)."""
        if not data:
            return
        p90 = int(pts * self._to90)
        rp = RelayPacket(data, p90, p90, False, self.generation, audio=True)
        with self.lock:
            viewers = list(self._viewers)
        for v in viewers:
            v.put(rp)

    def _fan_out(self, rp: RelayPacket) -> None:
        with self.lock:
            gop = self._gop
            if rp.key:
                self._gop = [rp]
            elif gop and len(gop) < MAX_GOP_PACKETS:
                gop.append(rp)
            viewers = list(self._viewers) if self._viewers else ()
        for v in viewers:
            v.put(rp)

    def subscribe(self) -> Viewer:
        with self.lock:
            gop = self._gop
            if self._feed is not None:
                k, gen = self._to90, self.generation
                gop = [RelayPacket(d, int(dts * k), int(pts * k), bool(key), gen)
                       for d, dts, pts, key in self._feed.subscribe()]
            v = Viewer(list(gop))
            if not gop:
                v.need_key = True
            self._viewers.add(v)
            self.wanted.set()
        return v

    def unsubscribe(self, v: Viewer) -> None:
        v.close()
        with self.lock:
            self._viewers.discard(v)
            if not self._viewers:
                if self._feed is not None:
                    self._feed.unsubscribe()
                self.wanted.clear()
                self.last_viewer_left = time.monotonic()


class _SocketWriter:
    def __init__(self, wfile: BinaryIO) -> None:
        self.wfile = wfile
        self.broken = False

    def write(self, data: Any) -> int:
        try:
            self.wfile.write(data)
        except OSError:
            self.broken = True
            raise
        return len(data)


def serve_ts(hub: RelayHub, wfile: BinaryIO, stop: threading.Event,
             wait_s: float = 15.0) -> None:
    """Stream MPEG-TS to one viewer until it disconnects or the recorder stops."""
    viewer = hub.subscribe()
    try:
        deadline = time.monotonic() + wait_s
        first: RelayPacket | None = None
        while first is None:
            if stop.is_set() or time.monotonic() > deadline:
                return
            first = viewer.get(0.5)
            if first is not None and not first.key:
                first = None
        with hub.lock:
            template, codec, audio = hub.template, hub.codec, hub.audio
            if template is None and codec is None:
                return
            sink = _SocketWriter(wfile)
            out = av.open(sink, "w", format="mpegts", buffer_size=4096,
                          options={"flush_packets": "1"})
            if template is not None:
                ostream = out.add_stream_from_template(template)
            else:  # native input: keyframes carry the decoder configuration in-band
                assert codec is not None
                ostream = out.add_mux_stream(codec["codec"], width=codec["width"],
                                             height=codec["height"])
            astream = out.add_mux_stream("aac", rate=audio[0]) if audio else None
        try:
            _pump(viewer, first, out, ostream, stop, sink, astream)
        finally:
            with contextlib.suppress(av.FFmpegError, OSError, ValueError):
                out.close()
    except OSError:
        pass  # the viewer went away
    finally:
        hub.unsubscribe(viewer)


def _pump(viewer: Viewer, first: RelayPacket, out: Any, ostream: Any,
          stop: threading.Event, sink: _SocketWriter, astream: Any = None) -> None:
    """Continuous, monotonic timestamps for the viewer across camera reconnects. Sound
    (when the stream carries it) shares the pictures' clock; sound from before the
    first picture of a connection is left out."""
    base = first.dts90
    generation = first.generation
    last_out = -1
    last_audio = -1
    pkt: RelayPacket | None = first
    while not stop.is_set():
        if pkt is None:
            pkt = viewer.get(1.0)
            if pkt is None:
                if viewer.closed:
                    return
                continue
        if pkt.audio:
            ts = pkt.pts90 - base
            if astream is not None and pkt.generation == generation and ts > last_audio \
                    and ts >= 0:
                a = av.Packet(pkt.data)
                a.dts = a.pts = ts
                a.time_base = TS90
                a.stream = astream
                try:
                    out.mux(a)
                    last_audio = ts
                except av.FFmpegError as e:
                    if sink.broken:
                        return
                    log.debug("relay: audio refused by the TS muxer: %s", e)
            pkt = None
            continue
        if pkt.generation != generation:
            generation = pkt.generation
            base = pkt.dts90 - (last_out + 3600)  # resume 40 ms after the last frame
        dts = pkt.dts90 - base
        if dts <= last_out:
            pkt = None
            continue
        p = av.Packet(pkt.data)
        p.dts = dts
        p.pts = max(pkt.pts90 - base, dts)
        p.time_base = TS90
        p.is_keyframe = pkt.key
        p.stream = ostream
        try:
            out.mux(p)
        except av.FFmpegError as e:
            if sink.broken:
                return
            log.debug("relay: packet refused by the TS muxer: %s", e)
        last_out = dts
        pkt = None
