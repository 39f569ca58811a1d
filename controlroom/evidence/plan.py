"""Planning an export before anything is written: which segments cover the requested
range for each camera, where the gaps are, and how many bytes it will take.

A range without any recording is refused here, so the officer sees it in the dialog
(and the CLI says it) before a drive is touched.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy.orm import Session

from controlroom.errors import InvalidInput, NotFound
from controlroom.records.models import Camera, CameraDevice
from controlroom.records.recordings import Span, coverage, segments_in_range
from controlroom.textutil import safe_filename
from controlroom.timeutil import as_utc, format_local

# Small files (PDF with thumbnails, manifest, sums, README) and file-system overhead.
OVERHEAD_BYTES = 4 * 1024 * 1024


@dataclass(frozen=True)
class SegmentRef:
    id: int
    path: Path  # absolute, on the recordings disk
    rel: str  # Segment.path, relative to recordings/
    start: datetime
    end: datetime
    bytes: int
    sha256: str


@dataclass
class CameraPlan:
    camera_id: int
    name: str
    code: str
    location: str
    owner_name: str
    stream: str
    requested_start: datetime
    requested_end: datetime
    segments: list[SegmentRef]
    spans: list[Span]
    open_segments: int = 0  # still being recorded, not exportable yet
    # What the camera said about itself over ONVIF, and its clock's offset from the
    # desk's when last asked (issue 14); None when it was never asked.
    device: dict[str, object] | None = None

    @property
    def gaps(self) -> list[Span]:
        return [s for s in self.spans if s.kind == "gap"]

    @property
    def recorded_seconds(self) -> float:
        return sum((s.end - s.start).total_seconds() for s in self.spans if s.kind == "recorded")

    @property
    def master_bytes(self) -> int:
        return sum(s.bytes for s in self.segments)

    @property
    def clip_estimate(self) -> int:
        """Bytes of the stream-copy clip: each segment's share of the range, plus one
        segment's worth for the lead-in from the keyframe before the start."""
        total = 0
        for s in self.segments:
            dur = max((s.end - s.start).total_seconds(), 0.001)
            a, b = max(s.start, self.requested_start), min(s.end, self.requested_end)
            total += int(s.bytes * max((b - a).total_seconds(), 0.0) / dur)
        lead = max((s.bytes for s in self.segments), default=0) // 4
        return total + lead

    @property
    def safe_code(self) -> str:
        return safe_filename(self.code or self.name, f"cam{self.camera_id}")


@dataclass
class ExportPlan:
    start: datetime
    end: datetime
    cameras: list[CameraPlan] = field(default_factory=list)

    @property
    def master_bytes(self) -> int:
        return sum(c.master_bytes for c in self.cameras)

    @property
    def estimated_bytes(self) -> int:
        """Upper estimate of what lands on the target (masters + clips + small files)."""
        return sum(c.master_bytes + c.clip_estimate for c in self.cameras) + OVERHEAD_BYTES

    @property
    def has_gaps(self) -> bool:
        return any(c.gaps for c in self.cameras)


def _device(session: Session, camera_id: int) -> dict[str, object] | None:
    dev = session.get(CameraDevice, camera_id)
    if dev is None:
        return None
    checked = as_utc(dev.clock_checked_utc) if dev.clock_checked_utc else None
    return {"manufacturer": dev.manufacturer, "model": dev.model, "serial": dev.serial,
            "firmware": dev.firmware,
            "camera_clock_offset_s": (round(dev.clock_offset_s, 3)
                                      if dev.clock_offset_s is not None else None),
            "camera_clock_checked_utc": checked.isoformat() if checked else None}


def plan_export(session: Session, recordings: Path, camera_ids: list[int] | tuple[int, ...],
                start: datetime, end: datetime, stream: str = "main") -> ExportPlan:
    """Plan one export. Raises InvalidInput when no chosen camera has any closed
    recording in the range, or when a segment file is missing on disk."""
    start, end = as_utc(start), as_utc(end)
    if end <= start:
        raise InvalidInput("Thời điểm kết thúc phải sau thời điểm bắt đầu.",
                           "The end time must be after the start time.")
    plan = ExportPlan(start, end)
    for cid in dict.fromkeys(camera_ids):
        cam = session.get(Camera, cid)
        if cam is None:
            raise NotFound("Không có camera số {i}.", "No camera #{i}.", i=cid)
        segs = segments_in_range(session, cid, start, end, stream, states=("closed",))
        opened = segments_in_range(session, cid, start, end, stream, states=("open",))
        refs = []
        for s in segs:
            p = recordings / s.path
            if not p.is_file():
                raise InvalidInput(
                    "Tệp ghi hình {f} của camera {c} không còn trên đĩa; không thể trích "
                    "xuất đầy đủ.",
                    "Recording file {f} of camera {c} is missing from disk; the export "
                    "cannot be complete.", f=s.path, c=cam.name)
            refs.append(SegmentRef(s.id, p, s.path, s.start_utc, s.end_utc, s.bytes, s.sha256))
        spans = _closed_coverage(session, cid, start, end, stream) if opened else \
            coverage(session, cid, start, end, stream)
        plan.cameras.append(CameraPlan(
            cid, cam.name, cam.code, cam.location, cam.owner_name, stream, start, end, refs,
            spans, open_segments=len(opened), device=_device(session, cid)))
    if not any(c.segments for c in plan.cameras):
        raise InvalidInput(
            "Không có dữ liệu ghi hình nào của camera đã chọn trong khoảng {a} – {b}.",
            "There is no recording of the chosen cameras between {a} and {b}.",
            a=format_local(start), b=format_local(end))
    return plan


def _closed_coverage(session: Session, camera_id: int, start: datetime, end: datetime,
                     stream: str) -> list[Span]:
    """Coverage counting only closed segments: a segment still being written cannot be
    exported yet, so its time shows as a gap ("recording")."""
    spans = coverage(session, camera_id, start, end, stream)
    closed = segments_in_range(session, camera_id, start, end, stream, states=("closed",))
    out: list[Span] = []
    for sp in spans:
        if sp.kind == "gap":
            out.append(sp)
            continue
        cursor = sp.start
        for seg in closed:
            a, b = max(seg.start_utc, sp.start), min(seg.end_utc, sp.end)
            if b <= a:
                continue
            if a > cursor:
                out.append(Span(cursor, a, "gap", "recording"))
            out.append(Span(a, b, "recorded"))
            cursor = max(cursor, b)
        if cursor < sp.end:
            out.append(Span(cursor, sp.end, "gap", "recording"))
    return out
