"""The playable copy: a stream-copy (no re-encode) MP4 per camera cut from the recorded
segments.

A stream copy can only start on a keyframe, so the clip starts at the keyframe at or
before the requested start (precision = one GOP) and we record both the requested and the
actual start/end. Timestamps keep real time: packet time = segment start (real first
packet time from the index) + offset inside the segment, so a gap between segments stays
a jump in the clip instead of silently joining two moments. When the camera's stream
parameters change between segments (resolution, codec), a new part file is started,
because one MP4 track cannot carry both.
"""

from __future__ import annotations

import contextlib
import io
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from fractions import Fraction
from pathlib import Path
from typing import Any

import av

from controlroom.errors import UserError
from controlroom.evidence.files import OnBytes, check_cancel
from controlroom.evidence.plan import SegmentRef


class ClipError(UserError):
    """A recorded segment cannot be read for the playable copy."""


@dataclass
class ClipPart:
    path: Path
    actual_start: datetime | None = None
    actual_end: datetime | None = None
    packets: int = 0
    codec: str = ""
    audio_codec: str = ""  # "" = the clip has no sound
    width: int = 0
    height: int = 0


@dataclass
class _Out:
    container: Any
    part: ClipPart
    streams: dict[str, Any] = field(default_factory=dict)  # 'video'/'audio' -> out stream
    last_dts: dict[str, int] = field(default_factory=dict)
    origin: float = 0.0  # seconds after requested start of the first emitted keyframe


def _signature(c: Any) -> tuple[Any, ...]:
    v = c.streams.video[0]
    a = c.streams.audio[0] if c.streams.audio else None
    ctx = v.codec_context
    return (ctx.name, ctx.width, ctx.height, bytes(ctx.extradata or b""),
            (a.codec_context.name, a.codec_context.sample_rate) if a is not None else None)


def cut_clip(segments: list[SegmentRef], start: datetime, end: datetime,
             part_path: Callable[[int], Path], on_bytes: OnBytes | None = None,
             cancel: threading.Event | None = None) -> list[ClipPart]:
    """Remux `segments` (oldest first) into MP4 part files covering [start, end)."""
    parts: list[ClipPart] = []
    out: _Out | None = None
    sig: tuple[Any, ...] | None = None
    end_rel = (end - start).total_seconds()
    buffer: list[tuple[str, Any, float]] = []  # GOP before the start, flushed at the start
    started = False
    done = False
    try:
        for seg in segments:
            if done:
                break
            try:
                inp = av.open(str(seg.path), "r")
            except (av.FFmpegError, OSError) as e:
                raise ClipError("Không đọc được tệp ghi hình {f}: {e}",
                                "Cannot read recording file {f}: {e}", f=seg.rel, e=e) from None
            with inp:
                if not inp.streams.video:
                    continue
                vin = inp.streams.video[0]
                ain = inp.streams.audio[0] if inp.streams.audio else None
                this_sig = _signature(inp)
                if out is not None and this_sig != sig:
                    _close(out)
                    out = None
                if out is None:
                    part = ClipPart(part_path(len(parts)))
                    parts.append(part)
                    out = _open(part, vin, ain)
                    sig = this_sig
                    if started:  # a new part continues the clip: restart on a keyframe
                        started = False
                        buffer = []
                seg_rel = (seg.start - start).total_seconds()
                ref: float | None = None
                selected = [vin] + ([ain] if ain is not None else [])
                for pkt in inp.demux(selected):
                    check_cancel(cancel)
                    if pkt.dts is None or pkt.pts is None:
                        continue
                    kind = "video" if pkt.stream.index == vin.index else "audio"
                    tb = pkt.time_base
                    t = float(pkt.pts * tb)
                    if ref is None:
                        if kind != "video":
                            continue
                        ref = t
                    rel = seg_rel + (t - ref)
                    if on_bytes:
                        on_bytes(pkt.size)
                    if kind == "video" and rel >= end_rel and started:
                        done = True
                        break
                    if not started:
                        if rel < 0:
                            if kind == "video" and pkt.is_keyframe:
                                buffer = [(kind, pkt, rel)]
                            elif buffer:
                                buffer.append((kind, pkt, rel))
                            continue
                        if rel >= end_rel:
                            if kind == "video":
                                done = True
                                break
                            continue
                        if not buffer:
                            if kind != "video" or not pkt.is_keyframe:
                                continue
                            buffer = [(kind, pkt, rel)]
                        else:
                            buffer.append((kind, pkt, rel))
                        started = True
                        out.origin = buffer[0][2]
                        out.part.actual_start = start + timedelta(seconds=out.origin)
                        for k, p, r in buffer:
                            _emit(out, k, p, r, start)
                        buffer = []
                        continue
                    if kind == "audio" and rel >= end_rel:
                        continue
                    _emit(out, kind, pkt, rel, start)
        if out is not None:
            _close(out)
            out = None
    except BaseException:
        if out is not None:
            with contextlib.suppress(Exception):
                out.container.close()
        raise
    return [p for p in parts if p.packets]


def _open(part: ClipPart, vin: Any, ain: Any | None) -> _Out:
    container = av.open(str(part.path), "w", format="mp4")
    o = _Out(container, part)
    o.streams["video"] = container.add_stream_from_template(vin)
    if ain is not None:
        o.streams["audio"] = container.add_stream_from_template(ain)
    part.codec = vin.codec_context.name
    part.audio_codec = ain.codec_context.name if ain is not None else ""
    part.width, part.height = vin.codec_context.width, vin.codec_context.height
    return o


def _emit(out: _Out, kind: str, pkt: Any, rel: float, start: datetime) -> None:
    tb: Fraction = pkt.time_base
    delay = pkt.pts - pkt.dts
    pts = round((rel - out.origin) / tb)
    dts = pts - delay
    last = out.last_dts.get(kind)
    if last is not None and dts <= last:  # guard against non-monotonic input
        dts = last + 1
        pts = max(pts, dts)
    out.last_dts[kind] = dts
    pkt.pts, pkt.dts = pts, dts
    pkt.stream = out.streams[kind]
    pkt.time_base = tb
    out.container.mux(pkt)
    if kind == "video":
        out.part.packets += 1
        dur = float((pkt.duration or 0) * tb)
        t_end = start + timedelta(seconds=rel + dur)
        if out.part.actual_end is None or t_end > out.part.actual_end:
            out.part.actual_end = t_end


def _close(out: _Out) -> None:
    out.container.close()


def first_frame_png(path: Path, width: int = 360) -> bytes | None:
    """The clip's first decoded frame as a PNG (for the custody record's thumbnail)."""
    try:
        with av.open(str(path)) as c:
            for frame in c.decode(video=0):
                img = frame.to_image()
                if img.width > width:
                    img = img.resize((width, max(1, round(img.height * width / img.width))))
                buf = io.BytesIO()
                img.save(buf, format="PNG")
                return buf.getvalue()
    except (av.FFmpegError, OSError):
        return None
    return None
