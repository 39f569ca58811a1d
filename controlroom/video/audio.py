"""A camera's audio track in the recording: copied when MP4 holds it, else made AAC.

Cameras sold in Vietnam send G.711 (A-law/µ-law, 8 kHz mono: the Hikvision and Dahua
factory default) or AAC. The FFmpeg the compiled recorder links (Debian 12: 5.1) cannot put
G.711 into MP4 ("Could not find tag for codec pcm_alaw"), and neither can MPEG-TS for the
live relay. Rather than a second container for some cameras (every reader — playback,
export, recovery, verification — would have to know both), G.711 and any other audio FFmpeg
can decode is transcoded to AAC-LC at the camera's own sample rate and channel count
(24 kbit/s per channel: 8 kHz speech loses nothing audible). AAC from the camera is copied
bit for bit. The video is always a stream copy, so the evidence picture is untouched.

Timestamps: audio is placed by the demuxer's timeline, which RTSP lip-syncs from the
camera's RTCP sender reports; `position` maps it onto the segment's video timeline
(the segment's first video frame is 0). The encoder keeps the input's sample clock, its
priming packet included, so sync is exact to the sample; a gap in the input (packet loss)
restarts the encoder at the new position instead of sliding the sound earlier.

`worker.StreamWorker` uses this class; `_native.c` does the same in C (same codec choice,
rate, bitrate, frame size and gap rule); tests hold both to the same A/V offset.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import av

COPY_CODECS = ("aac",)  # what MP4 and MPEG-TS both hold as the camera sends it
AAC_BITRATE_PER_CHANNEL = 24000
AAC_FRAME = 1024
MAX_GAP_S = 0.1  # more missing than this between input packets restarts the encoder


NAMES = {"pcm_alaw": "G.711 A-law", "pcm_mulaw": "G.711 µ-law", "aac": "AAC",
         "adpcm_g726": "G.726", "adpcm_g726le": "G.726", "pcm_s16be": "L16", "mp3": "MP3",
         "opus": "Opus"}


def describe(codec_name: str, rate: int = 0) -> str:
    """A person's name for a camera's audio codec: "G.711 A-law 8 kHz"."""
    name = NAMES.get(codec_name, codec_name.upper())
    return f"{name} {rate / 1000:g} kHz" if rate else name


ADTS_RATES = (96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025,
              8000, 7350)


def adts(payload: bytes, rate: int, channels: int, object_type: int = 2) -> bytes:
    """A raw AAC frame with its 7-byte ADTS header, as the live relay sends it (the
    viewers' MPEG-TS muxers then need no AudioSpecificConfig); b"" when the rate has no
    ADTS index. The same header as `audio_tuple` in _native.c."""
    if rate not in ADTS_RATES or len(payload) + 7 >= 1 << 13:
        return b""
    sfi, n = ADTS_RATES.index(rate), len(payload) + 7
    return bytes((0xFF, 0xF1, (((object_type - 1) & 3) << 6) | (sfi << 2) | ((channels >> 2) & 1),
                  ((channels & 3) << 6) | ((n >> 11) & 3), (n >> 3) & 0xFF,
                  ((n & 7) << 5) | 0x1F, 0xFC)) + payload


def plan(codec_name: str) -> str | None:
    """'copy', 'aac' (transcode) or None (no audio recorded)."""
    if codec_name in COPY_CODECS:
        return "copy"
    try:
        av.Codec(codec_name, "r")
    except (av.FFmpegError, ValueError):
        return None
    return "aac"


class AudioTrack:
    """One connection's audio: `feed(packet)` returns the AAC packets ready to mux, with
    pts/dts in samples (1/rate) on the input's timeline."""

    def __init__(self, stream: Any) -> None:
        cc = stream.codec_context
        self.stream = stream
        self.mode = plan(cc.name)
        self.in_codec = cc.name
        self.rate = int(cc.sample_rate or 8000)
        self.channels = max(1, int(cc.channels or 1))
        self.time_base = Fraction(1, self.rate)
        self.in_tb = stream.time_base or Fraction(1, self.rate)
        self._enc: Any = None
        self._resampler: Any = None
        self._next: int | None = None  # expected pts (samples) of the next input packet
        self._first = 0  # pts (samples) of the encoder's first input sample
        self._resampled = 0  # samples handed to the encoder since then
        if self.mode == "aac":
            self._open_encoder()

    @property
    def layout(self) -> str:
        return "mono" if self.channels == 1 else "stereo"

    @property
    def codec(self) -> str:
        return "aac" if self.mode else ""

    def _open_encoder(self) -> None:
        enc = av.CodecContext.create("aac", "w")
        enc.sample_rate = self.rate
        enc.layout = self.layout
        enc.format = "fltp"
        enc.bit_rate = AAC_BITRATE_PER_CHANNEL * min(self.channels, 2)
        enc.time_base = self.time_base
        enc.open()
        self._enc = enc
        self._resampler = av.AudioResampler(format="fltp", layout=enc.layout,
                                            rate=self.rate, frame_size=AAC_FRAME)
        self._next = None
        self._resampled = 0

    @property
    def extradata(self) -> bytes | None:
        return self._enc.extradata if self._enc is not None else None

    def _encode(self, frame: Any) -> list[Any]:
        """Resample `frame` (None: what the resampler still holds) and encode the result,
        stamped in samples from the encoder's first input sample."""
        out: list[Any] = []
        for f in self._resampler.resample(frame):
            f.pts = self._first + self._resampled
            f.time_base = self.time_base
            self._resampled += f.samples
            out.extend(self._enc.encode(f))
        return out

    def flush(self) -> list[Any]:
        """The encoder's last packets (they belong to the segment being closed); the
        next segment starts a fresh encoder."""
        if self.mode != "aac" or self._next is None:
            return []
        out: list[Any] = []
        try:
            out.extend(self._encode(None))
            out.extend(self._enc.encode(None))
        except (av.FFmpegError, ValueError):
            pass
        for p in out:
            p.time_base = self.time_base
        self._open_encoder()
        return out

    def feed(self, packet: Any) -> list[Any]:
        if self.mode == "copy":
            if packet.pts is None:
                return []
            pts = round(packet.pts * self.in_tb * self.rate)
            duration = round(packet.duration * self.in_tb * self.rate)
            packet.pts = packet.dts = pts
            packet.time_base = self.time_base
            packet.duration = duration
            return [packet]
        if self.mode != "aac" or packet.pts is None:
            return []
        start = round(packet.pts * self.in_tb * self.rate)
        if self._next is not None and abs(start - self._next) > MAX_GAP_S * self.rate:
            self._open_encoder()
        out: list[Any] = []
        try:
            frames = self.stream.codec_context.decode(packet)
        except av.FFmpegError:
            return out
        for frame in frames:
            n = frame.samples
            if self._next is None:
                self._first = start
                self._next = start
            frame.pts = None  # the resampler counts samples from the first frame
            out.extend(self._encode(frame))
            self._next += n
        for p in out:
            p.time_base = self.time_base
        return out
