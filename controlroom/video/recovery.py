"""Start-up recovery: make the index agree with the disk before recording resumes.

After a crash, kill -9 or power loss the index can disagree with the files:
- a segment row still "open": finish it from its file (the fragmented MP4 plays up to its
  last complete fragment), computing end time, size and SHA-256 from what is on disk; an
  unreadable file becomes "corrupt", a vanished one "missing";
- a file on disk without a row (the crash came between creating the file and committing
  its row): probe it and index it;
- a "closed" row whose file is gone: mark it "missing" (never silently drop it: an
  investigator must see that footage existed and was lost);
- the time the recorder was not running: an open "recorder_stopped" gap from the end of
  the last footage; the camera thread closes it when footage resumes.

Footage found on disk always wins over a gap: every segment indexed here trims, splits
or removes the gaps that claim its time (`carve_gaps`), so the timeline never says
"nothing recorded" over footage that exists — e.g. a run whose database refused writes
left files but no rows, under the open "recorder_stopped" gap of the run before.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import av
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from controlroom.records import audit, segment_index
from controlroom.records.db import Database
from controlroom.records.models import Camera, Gap, Segment
from controlroom.records.segment_index import SegmentFacts
from controlroom.textutil import safe_filename
from controlroom.timeutil import as_utc

log = logging.getLogger("controlroom.recorder.recovery")

_NAME = re.compile(r"^(?P<code>.+)-(?P<stream>main|sub)-(?P<ts>\d{8}T\d{6}Z)(?:-\d+)?\.mp4$")


@dataclass
class Probe:
    first_s: float
    last_end_s: float
    packets: int
    codec: str
    width: int
    height: int


def probe(path: Path) -> Probe | None:
    """First and last packet times of a (possibly truncated) segment, or None when no
    video packet can be read."""
    try:
        with av.open(str(path)) as c:
            if not c.streams.video:
                return None
            vs = c.streams.video[0]
            tb = vs.time_base
            first: float | None = None
            last_end = 0.0
            n = 0
            rate = vs.average_rate or vs.guessed_rate
            frame_s = float(1 / rate) if rate else 0.04
            for p in c.demux(vs):
                ts = p.pts if p.pts is not None else p.dts
                if ts is None or tb is None:
                    continue
                t = float(ts * tb)
                first = t if first is None else min(first, t)
                dur = float(p.duration * tb) if p.duration else frame_s
                last_end = max(last_end, t + dur)
                n += 1
            if first is None:
                return None
            cc = vs.codec_context
            return Probe(first, last_end, n, cc.name, int(cc.width or 0), int(cc.height or 0))
    except (av.FFmpegError, OSError, ValueError):
        return None


def sha256_file(path: Path) -> tuple[str, int]:
    h = hashlib.sha256()
    size = 0
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            h.update(chunk)
            size += len(chunk)
    return h.hexdigest(), size


def facts_from_file(path: Path, start: datetime) -> tuple[Probe | None, SegmentFacts] | None:
    """Facts of a segment file on disk; state "corrupt" when it holds no playable packet."""
    if not path.exists():
        return None
    digest, size = sha256_file(path)
    pr = probe(path)
    if pr is None:
        return None, SegmentFacts(start, 0.0, size, digest, "corrupt")
    duration = max(pr.last_end_s - pr.first_s, 0.0)
    return pr, SegmentFacts(start + timedelta(seconds=duration), duration, size, digest)


def start_from_name(name: str) -> tuple[str, str, datetime] | None:
    m = _NAME.match(name)
    if not m:
        return None
    ts = datetime.strptime(m["ts"], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    return m["code"], m["stream"], ts


@dataclass
class RecoveryReport:
    finished: list[str] = field(default_factory=list)
    corrupt: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    orphans: list[str] = field(default_factory=list)
    unknown_files: list[str] = field(default_factory=list)
    gaps_opened: int = 0

    def changed(self) -> bool:
        return bool(self.finished or self.corrupt or self.missing or self.orphans)


def _walk(recordings: Path) -> set[str]:
    found: set[str] = set()
    if not recordings.exists():
        return found
    for dirpath, _dirs, files in os.walk(recordings):
        for f in files:
            if f.endswith(".mp4"):
                found.add((Path(dirpath) / f).relative_to(recordings).as_posix())
    return found


def recover(db: Database, recordings: Path, last_alive: datetime | None = None,
            actor: str = "recorder") -> RecoveryReport:
    """Run once at start-up, before any camera thread starts (the recorder lock is held,
    so no other writer of segment rows exists)."""
    rep = RecoveryReport()
    on_disk = _walk(recordings)

    with db.read() as s:
        open_rows = [(seg.path, seg.start_utc, seg.camera_id, seg.stream) for seg in
                     s.scalars(select(Segment).where(Segment.state == "open"))]
        indexed = set(s.scalars(select(Segment.path)))
        closed_paths = set(s.scalars(select(Segment.path).where(Segment.state == "closed")))
        cameras = {safe_filename(c.code, "camera"): c.id for c in s.scalars(select(Camera))}

    # 1. segments a crash left open
    for path, start, open_cam, open_stream in open_rows:
        res = facts_from_file(recordings / path, start)
        with db.session() as s:
            if res is None:
                segment_index.close_segment(s, path, SegmentFacts(start, 0.0, 0, "", "missing"))
                rep.missing.append(path)
            else:
                segment_index.close_segment(s, path, res[1])
                (rep.corrupt if res[1].state == "corrupt" else rep.finished).append(path)
                if res[1].state == "closed":
                    carve_gaps(s, open_cam, open_stream, start, res[1].end_utc)

    # 2. closed rows whose file vanished
    gone = sorted(closed_paths - on_disk)
    if gone:
        with db.session() as s:
            segment_index.mark_missing(s, gone)
        rep.missing.extend(gone)

    # 3. files without a row
    for rel in sorted(on_disk - indexed):
        parsed = start_from_name(Path(rel).name)
        cam_dir = rel.split("/", 1)[0]
        cam_id = cameras.get(cam_dir)
        if parsed is None or cam_id is None:
            rep.unknown_files.append(rel)
            continue
        _code, stream, start = parsed
        res = facts_from_file(recordings / rel, start)
        if res is None:
            continue
        pr, facts = res
        with db.session() as s:
            segment_index.add_closed_segment(
                s, cam_id, stream, rel, start, facts,
                pr.codec if pr else "", pr.width if pr else 0, pr.height if pr else 0)
            if facts.state == "closed":
                carve_gaps(s, cam_id, stream, start, facts.end_utc)
        rep.orphans.append(rel)

    # 4. the time the recorder was away
    with db.session() as s:
        for cam_id in cameras.values():
            for stream in ("main",):
                end = segment_index.last_segment_end(s, cam_id, stream)
                open_gap = segment_index.open_gap_row(s, cam_id, stream)
                if open_gap is not None:
                    if open_gap.reason == "recorder_stopped":
                        continue
                    # The camera was already down; from the last sign of life on, the
                    # cause is the recorder being away.
                    stop_at = max(last_alive or open_gap.start_utc, open_gap.start_utc)
                    open_gap.end_utc = stop_at
                    s.add(Gap(camera_id=cam_id, stream=stream, start_utc=stop_at,
                              reason="recorder_stopped",
                              detail="recorder was not running (crash or power loss)"))
                    rep.gaps_opened += 1
                elif end is not None:
                    s.add(Gap(camera_id=cam_id, stream=stream, start_utc=end,
                              reason="recorder_stopped", detail="recorder was not running"))
                    rep.gaps_opened += 1
        if rep.changed():
            audit.record(s, actor, "recording.recover", "recorder", "",
                         finished=rep.finished, corrupt=rep.corrupt, missing=rep.missing,
                         orphans=rep.orphans)
    if rep.changed() or rep.unknown_files:
        log.warning("recovery: %d finished, %d corrupt, %d missing, %d orphan files indexed, "
                    "%d unknown files left alone", len(rep.finished), len(rep.corrupt),
                    len(rep.missing), len(rep.orphans), len(rep.unknown_files))
    return rep


def carve_gaps(session: Session, camera_id: int, stream: str, start: datetime,
               end: datetime) -> None:
    """Footage exists in [start, end): no gap of this camera and stream may claim that
    time. A gap inside it goes, one across it is split in two (the later part keeps the
    reason, and stays open if the gap was open), one that overlaps an edge is trimmed."""
    start, end = as_utc(start), as_utc(end)
    if end <= start:
        return
    for gap in list(session.scalars(select(Gap).where(
            Gap.camera_id == camera_id, Gap.stream == stream, Gap.start_utc < end,
            or_(Gap.end_utc.is_(None), Gap.end_utc > start)))):
        g0 = as_utc(gap.start_utc)
        g1 = as_utc(gap.end_utc) if gap.end_utc is not None else None
        if g0 >= start and g1 is not None and g1 <= end:
            session.delete(gap)
        elif g0 < start and (g1 is None or g1 > end):
            session.add(Gap(camera_id=camera_id, stream=stream, start_utc=end, end_utc=g1,
                            reason=gap.reason, detail=gap.detail))
            gap.end_utc = start
        elif g0 < start:
            gap.end_utc = start
        else:
            gap.start_utc = end
    session.flush()


def close_on_shutdown(session: Session, camera_ids: list[int], at: datetime) -> None:
    """A clean stop: each recorded stream gets an open "recorder_stopped" gap from now."""
    for cam_id in camera_ids:
        end = segment_index.last_segment_end(session, cam_id, "main") or at
        existing = segment_index.open_gap_row(session, cam_id, "main")
        if existing is not None:
            existing.end_utc = max(at, existing.start_utc)
        session.add(Gap(camera_id=cam_id, stream="main", start_utc=min(end, at) if existing
                        is None else max(at, existing.start_utc), reason="recorder_stopped",
                        detail="recorder stopped"))
