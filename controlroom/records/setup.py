"""First start: create or upgrade the schema and the first administrator, never
destroying what is there."""

from __future__ import annotations

from sqlalchemy import func, select

from controlroom.records import users
from controlroom.records.db import Database
from controlroom.records.models import User


def initialise(db: Database, admin: str | None = None, password: str | None = None,
               full_name: str = "") -> bool:
    """Upgrade the schema; create `admin` if there are no users yet. Returns True when an
    administrator was created."""
    db.upgrade()
    with db.session() as s:
        if s.scalar(select(func.count()).select_from(User)):
            return False
        if not admin or password is None:
            return False
        users.create(s, users.SYSTEM, admin, password, "admin", full_name=full_name)
        return True
