"""Snapshots: the record of a PNG saved from a live tile, and its link to an incident.

The picture itself is written by the GUI under the data home's `snapshots/`; this module
keeps the `Snapshot` row and its audit entries. A snapshot may be attached to one incident
(`Snapshot.incident_id`); attaching, moving and detaching are audited. Anyone signed in may
attach an unattached snapshot; once attached, only the officer who took it or a leader may
move it to another incident or detach it.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import NamedTuple

from sqlalchemy import select

from controlroom.errors import NotFound
from controlroom.paths import DataHome
from controlroom.records import audit
from controlroom.records.db import Database
from controlroom.records.models import Incident, Snapshot
from controlroom.records.users import Identity
from controlroom.timeutil import as_utc

RECENT_LIMIT = 50


class IncidentChoice(NamedTuple):
    """One line of the "attach to incident" list."""

    id: int
    code: str
    occurred_at: datetime  # aware UTC
    summary: str


def record_snapshot(db: Database, home: DataHome, identity: Identity, camera_id: int,
                    path: Path, ts: datetime, incident_id: int | None = None) -> int:
    """The Snapshot row and its audit entry, for a PNG already written under snapshots/."""
    rel = path.relative_to(home.snapshots).as_posix()
    with db.session() as s:
        snap = Snapshot(camera_id=camera_id, ts=ts, path=rel, taken_by=identity.username,
                        incident_id=incident_id)
        s.add(snap)
        s.flush()
        audit.record(s, identity.username, "snapshot.take", "snapshot", snap.id,
                     camera_id=camera_id, path=rel, incident_id=incident_id)
        return int(snap.id)


def recent_incidents(db: Database, limit: int = RECENT_LIMIT) -> list[IncidentChoice]:
    """The `limit` most recent incidents, newest (by time of occurrence) first."""
    with db.read() as s:
        rows = s.execute(select(Incident.id, Incident.code, Incident.occurred_at,
                                Incident.summary)
                         .order_by(Incident.occurred_at.desc(), Incident.id.desc())
                         .limit(max(0, limit))).all()
    return [IncidentChoice(int(i), code or "", as_utc(when), summary or "")
            for i, code, when, summary in rows]


def snapshot_incident(db: Database, snapshot_id: int) -> int | None:
    """The incident a snapshot is attached to, or None."""
    with db.read() as s:
        snap = s.get(Snapshot, snapshot_id)
        if snap is None:
            raise _no_snapshot(snapshot_id)
        return snap.incident_id


def attach_snapshot(db: Database, identity: Identity, snapshot_id: int,
                    incident_id: int | None) -> bool:
    """Attach a snapshot to an incident (None detaches it), with an audit entry.
    Returns False when it was already so (nothing is written then)."""
    with db.session() as s:
        snap = s.get(Snapshot, snapshot_id)
        if snap is None:
            raise _no_snapshot(snapshot_id)
        incident = None
        if incident_id is not None:
            incident = s.get(Incident, incident_id)
            if incident is None:
                raise NotFound("Không có vụ việc số {i}.", "No incident with id {i}.",
                               i=incident_id)
        previous = snap.incident_id
        if previous == incident_id:
            return False
        if previous is not None and snap.taken_by != identity.username:
            identity.require("leader")
        snap.incident_id = incident_id
        action = "snapshot.attach" if incident is not None else "snapshot.detach"
        audit.record(s, identity.username, action, "snapshot", snap.id,
                     incident_id=incident_id,
                     incident_code=incident.code if incident is not None else None,
                     previous_incident_id=previous, path=snap.path)
        return True


def _no_snapshot(snapshot_id: int) -> NotFound:
    return NotFound("Không có ảnh chụp số {i}.", "No snapshot with id {i}.", i=snapshot_id)
