"""Retention: delete the oldest footage when it is past its retention period or when the
recordings disk runs short of space, never footage under an active hold.

Rules:
- age: a camera keeps `Camera.retention_days` (or the `retention_days` setting) days;
- space: while free space is below `min_free_percent`, delete the oldest closed segments
  of any camera, oldest first;
- never delete a segment that overlaps an active `Hold` (evidence, incident) or a segment
  still open;
- each batch of deletions is one audit row listing the files and the reason;
- when space cannot be freed (everything left is held, or the disk is full of other
  files) raise the disk alarm (audit + status in the control channel) and keep recording:
  the camera threads write what fits and resume by themselves when space returns;
- footage deleted for space while still inside its retention period (another file
  filled the disk, or the disk is too small for the period) raises the shortfall alarm:
  its own audit row (`recording.retention_shortfall`) and an alarm in /status for a day.

Files are unlinked before their rows are deleted: a crash in between leaves a row whose
file is gone, which start-up recovery marks "missing"; the reverse order would leave an
orphan file that recovery would resurrect. The write transaction is claimed first, so a
database that refuses writes (read-only, immutable) never sees files vanish under rows it
still holds: nothing is deleted until the deletion can be recorded and audited.
"""

from __future__ import annotations

import logging
import os
import shutil
import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import delete, select, true
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from controlroom.records import audit, holds, settings
from controlroom.records.db import Database
from controlroom.records.models import Camera, Gap, Segment
from controlroom.timeutil import as_utc, utcnow

log = logging.getLogger("controlroom.recorder.retention")

DELETABLE = ("closed", "missing", "corrupt")
BATCH = 50


YOUNG_ALARM_S = 24 * 3600  # how long the shortfall alarm stays up after a deletion


@dataclass
class DiskState:
    free_bytes: int = 0
    total_bytes: int = 0
    alarm: bool = False
    alarm_reason: str = ""
    # The last pass that deleted footage still inside its retention period.
    young_deleted_at: datetime | None = None
    young_deleted: int = 0
    young_newest_end: datetime | None = None

    @property
    def free_percent(self) -> float:
        return 100.0 * self.free_bytes / self.total_bytes if self.total_bytes else 100.0


@dataclass
class RetentionReport:
    deleted_age: list[str] = field(default_factory=list)
    deleted_space: list[str] = field(default_factory=list)
    deleted_young: list[str] = field(default_factory=list)  # space deletions, not yet due
    freed_bytes: int = 0
    held_kept: int = 0
    alarm: bool = False


def disk_usage(path: Path) -> tuple[int, int]:
    """(free bytes for us, total bytes) of the file system holding `path`."""
    u = shutil.disk_usage(path)
    return u.free, u.total


class Retention:
    def __init__(self, db: Database, recordings: Path, actor: str = "recorder") -> None:
        self.db = db
        self.recordings = recordings
        self.actor = actor
        self.disk = DiskState()
        self._lock = threading.Lock()
        self.min_free_percent = 5.0
        self._keep_days: dict[int, int] = {}

    # -- queries -------------------------------------------------------------------------
    def space_ok(self) -> bool:
        """Enough room to (re)start writing: the free-space threshold is met."""
        free, total = disk_usage(self.recordings)
        self.disk.free_bytes, self.disk.total_bytes = free, total
        return self.disk.free_percent >= self.min_free_percent

    # -- one pass ------------------------------------------------------------------------
    def run_once(self, now: datetime | None = None) -> RetentionReport:
        with self._lock:
            now = now or utcnow()
            rep = RetentionReport()
            with self.db.read() as s:
                default_days = int(settings.get(s, "retention_days"))
                self.min_free_percent = float(settings.get(s, "min_free_percent"))
                cameras = [(c.id, c.retention_days or default_days)
                           for c in s.scalars(select(Camera))]
            self._keep_days = dict(cameras)
            for cam_id, days in cameras:
                self._age_pass(cam_id, now - timedelta(days=days), rep)
            self._space_pass(rep, now)
            if rep.deleted_young:
                self._shortfall(rep, now)
            return rep

    def alarms(self, now: datetime | None = None) -> list[dict[str, str]]:
        """The disk alarms the desk must see, each in both languages."""
        now = now or utcnow()
        d, out = self.disk, []
        if d.alarm:
            out.append({"kind": "disk_full",
                        "vi": "Ổ ghi hình đầy và không thể giải phóng (đoạn đang giữ làm "
                              "chứng cứ hoặc tệp khác chiếm chỗ): có thể mất hình.",
                        "en": "The recordings disk is full and cannot be freed (footage on "
                              "hold or other files fill it): footage may be lost."})
        if d.young_deleted_at is not None and \
                (now - d.young_deleted_at).total_seconds() < YOUNG_ALARM_S:
            from controlroom.timeutil import format_local

            at = format_local(d.young_deleted_at, seconds=False)
            out.append({"kind": "retention_shortfall",
                        "vi": f"Ổ ghi hình thiếu chỗ: đã xóa {d.young_deleted} đoạn ghi hình "
                              f"chưa hết hạn lưu giữ (lần cuối {at}). Kiểm tra ổ đĩa.",
                        "en": f"Recordings disk short of space: {d.young_deleted} segments "
                              f"deleted before the end of their retention period (last at "
                              f"{at}). Check the disk."})
        return out

    def _shortfall(self, rep: RetentionReport, now: datetime) -> None:
        """Footage inside its retention period was deleted for space: an alarm."""
        d = self.disk
        d.young_deleted_at = now
        d.young_deleted = len(rep.deleted_young)
        log.error("RETENTION SHORTFALL: deleted %d segments still inside their retention "
                  "period to keep recording (%.1f%% free)", len(rep.deleted_young),
                  d.free_percent)
        with self.db.session() as s:
            audit.record(s, self.actor, "recording.retention_shortfall", "disk",
                         str(self.recordings), count=len(rep.deleted_young),
                         paths=rep.deleted_young[:200],
                         newest_end=d.young_newest_end.isoformat() if d.young_newest_end
                         else None, free_percent=round(d.free_percent, 2))

    def _age_pass(self, camera_id: int, cutoff: datetime, rep: RetentionReport) -> None:
        while True:
            with self.db.read() as s:
                cands = list(s.scalars(
                    select(Segment).where(Segment.camera_id == camera_id,
                                          Segment.state.in_(DELETABLE),
                                          Segment.end_utc < cutoff)
                    .order_by(Segment.start_utc).limit(BATCH * 4)))
                victims = self._unheld(s, cands, rep)[:BATCH]
                s.expunge_all()  # used after the snapshot ends
            if not victims:
                break
            self._delete(victims, "age", rep.deleted_age, rep, cutoff=cutoff.isoformat())
            if len(cands) < BATCH * 4 and len(victims) == len(cands):
                continue
        with self.db.session() as s:
            s.execute(delete(Gap).where(Gap.camera_id == camera_id, Gap.end_utc.is_not(None),
                                        Gap.end_utc < cutoff))

    def _space_pass(self, rep: RetentionReport, now: datetime) -> None:
        skip: set[int] = set()
        while not self.space_ok():
            with self.db.read() as s:
                cands = list(s.scalars(
                    select(Segment).where(Segment.state.in_(DELETABLE),
                                          Segment.id.not_in(skip) if skip else true())
                    .order_by(Segment.start_utc).limit(BATCH * 4)))
                victims = self._unheld(s, cands, rep)
                skip.update(c.id for c in cands if c not in victims)
                s.expunge_all()
            if not cands:
                self._raise_alarm("nothing left that may be deleted (held footage or other "
                                  "files fill the disk)")
                rep.alarm = True
                return
            # Delete just enough, oldest first, re-checking space as we go.
            for i in range(0, len(victims), 5):
                batch = victims[i:i + 5]
                young = [v for v in batch if as_utc(v.end_utc) > now - timedelta(
                    days=self._keep_days.get(v.camera_id, 0))]
                done = self._delete(batch, "space", rep.deleted_space, rep,
                                    free_percent=round(self.disk.free_percent, 2),
                                    before_due=len(young))
                for v in young:
                    if v.path in done:
                        rep.deleted_young.append(v.path)
                        end = as_utc(v.end_utc)
                        newest = self.disk.young_newest_end
                        self.disk.young_newest_end = end if newest is None else max(end, newest)
                if self.space_ok():
                    break
        if self.disk.alarm:
            self._clear_alarm()

    def _unheld(self, s: Session, cands: list[Segment], rep: RetentionReport) -> list[Segment]:
        out = []
        for seg in cands:
            if holds.is_held(s, seg.camera_id, seg.start_utc, seg.end_utc):
                rep.held_kept += 1
            else:
                out.append(seg)
        return out

    def _delete(self, victims: list[Segment], reason: str, into: list[str],
                rep: RetentionReport, **detail: object) -> set[str]:
        """Delete files and rows; returns the paths deleted."""
        paths, ids, freed = [], [], 0
        with self.db.session() as s:
            # Claim the write first (a no-op DELETE): a database that refuses writes
            # fails here, before any file is gone.
            s.execute(delete(Segment).where(Segment.id == -1))
            for seg in victims:
                p = self.recordings / seg.path
                try:
                    size = p.stat().st_size
                    p.unlink()
                    freed += size
                except FileNotFoundError:
                    pass
                except OSError as e:
                    log.error("retention: cannot delete %s: %s", seg.path, e.strerror)
                    continue
                paths.append(seg.path)
                ids.append(seg.id)
                _remove_empty_dirs(p.parent, self.recordings)
            if not ids:
                return set()
            s.execute(delete(Segment).where(Segment.id.in_(ids)))
            audit.record(s, self.actor, "recording.delete", "segment", "", reason=reason,
                         count=len(ids), bytes=freed, paths=paths, **detail)
        into.extend(paths)
        rep.freed_bytes += freed
        log.info("retention (%s): deleted %d segments, %d bytes", reason, len(ids), freed)
        return set(paths)

    def _raise_alarm(self, why: str) -> None:
        if self.disk.alarm:
            return
        self.disk.alarm, self.disk.alarm_reason = True, why
        log.error("DISK ALARM: the recordings disk is below %.1f%% free and %s",
                  self.min_free_percent, why)
        with self.db.session() as s:
            audit.record(s, self.actor, "recording.disk_alarm", "disk", str(self.recordings),
                         free_percent=round(self.disk.free_percent, 2), reason=why)

    def _clear_alarm(self) -> None:
        self.disk.alarm, self.disk.alarm_reason = False, ""
        log.info("disk alarm cleared: %.1f%% free", self.disk.free_percent)
        with self.db.session() as s:
            audit.record(s, self.actor, "recording.disk_ok", "disk", str(self.recordings),
                         free_percent=round(self.disk.free_percent, 2))


def _remove_empty_dirs(d: Path, root: Path) -> None:
    try:
        while d != root and root in d.parents and not any(d.iterdir()):
            os.rmdir(d)
            d = d.parent
    except OSError:
        pass


class RetentionThread(threading.Thread):
    """Runs a pass every `interval_s`, or at once when poked (disk full)."""

    def __init__(self, retention: Retention, stop: threading.Event,
                 interval_s: float = 60.0) -> None:
        super().__init__(name="retention", daemon=True)
        self.retention = retention
        self.stop = stop
        self.interval_s = interval_s
        self.wake = threading.Event()

    def poke(self) -> None:
        self.wake.set()

    def run(self) -> None:
        while not self.stop.is_set():
            try:
                self.retention.run_once()
            except DBAPIError as e:  # the database alarm says the rest
                why = str(getattr(e, "orig", e)).strip().splitlines()[:1]
                log.error("retention pass skipped: the database refuses it (%s); nothing "
                          "was deleted", why[0][:200] if why else type(e).__name__)
            except Exception:
                log.exception("retention pass failed")
            self.wake.wait(self.interval_s)
            self.wake.clear()
