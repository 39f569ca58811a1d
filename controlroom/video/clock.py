"""Wall-clock time of each packet, and the DTS checks that keep a muxer happy.

A camera's RTP timestamps say how far apart frames are, not what time it is. We anchor
the stream at the wall-clock moment its first packet arrived and add the DTS offsets to
that; whenever a packet arrives *earlier* than the anchor predicts, the anchor moves back
to it (the least-delayed packet is the best estimate of capture time). So a segment's
start/end are the real times of its first/last frame (to within the network latency),
independent of the camera's own clock, which is often wrong.

If the DTS-derived time runs ahead of the wall clock (impossible for a live packet) by
more than `MAX_LEAD_S`, or behind it by more than `MAX_LAG_S` (a camera clock running
slow, a timestamp jump; the lag allowance tolerates network stalls that deliver buffered
packets late), we re-anchor and report a discontinuity, so the recorder starts a new
segment instead of writing a file whose times lie.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from fractions import Fraction

MAX_LEAD_S = 2.0
MAX_LAG_S = 15.0
MAX_BACKWARDS_S = 5.0


def to_datetime(ts: float) -> datetime:
    """POSIX seconds (the hot path's clock) → aware UTC datetime, rounded to the µs."""
    return datetime.fromtimestamp(ts, UTC)


class PacketClock:
    """Works in float POSIX seconds: datetime/timedelta arithmetic per packet was one of
    the recorder's largest per-packet costs. `accept` keeps the datetime interface."""

    def __init__(self, time_base: Fraction) -> None:
        self.time_base = time_base
        self._tb = float(time_base)  # Fraction arithmetic per packet is slow
        self.anchor_ts: float | None = None  # wall-clock seconds of anchor_dts
        self.anchor_dts = 0
        self.last_dts: int | None = None
        self.dropped_no_dts = 0
        self.dropped_non_monotonic = 0
        self.discontinuities = 0

    @property
    def anchor_wall(self) -> datetime | None:
        return None if self.anchor_ts is None else to_datetime(self.anchor_ts)

    def reset(self) -> None:
        self.anchor_ts = None
        self.last_dts = None

    def accept(self, dts: int | None, now: datetime | None = None) -> tuple[datetime, bool] | None:
        """(wall time, discontinuity) for a packet, or None when it must be dropped.

        Dropped: no DTS; DTS not after the previous one (a muxer refuses it). A DTS far
        backwards or a drift beyond the limits re-anchors and flags a discontinuity."""
        got = self.accept_ts(dts, None if now is None else now.timestamp())
        if got is None:
            return None
        return to_datetime(got[0]), got[1]

    def accept_ts(self, dts: int | None, now: float | None = None) -> tuple[float, bool] | None:
        """`accept` in POSIX seconds (the recorder's per-packet path)."""
        if dts is None:
            self.dropped_no_dts += 1
            return None
        if now is None:
            now = time.time()
        discontinuity = False
        last = self.last_dts
        if self.anchor_ts is None:
            self.anchor_ts, self.anchor_dts = now, dts
        elif last is not None and dts <= last:
            if (last - dts) * self._tb < MAX_BACKWARDS_S:
                self.dropped_non_monotonic += 1
                return None
            self.anchor_ts, self.anchor_dts = now, dts
            self.discontinuities += 1
            discontinuity = True
        wall = self.anchor_ts + (dts - self.anchor_dts) * self._tb
        if wall > now:
            # This packet arrived faster than the one we anchored on, so the anchor carried
            # more network delay: move it back (minimum-delay filter, as NTP does).
            self.anchor_ts -= wall - now
            wall = now
        drift = wall - now
        if drift > MAX_LEAD_S or drift < -MAX_LAG_S:
            self.anchor_ts, self.anchor_dts = now, dts
            self.discontinuities += 1
            discontinuity = True
            wall = now
        self.last_dts = dts
        return wall, discontinuity
