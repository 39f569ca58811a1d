from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text

from controlroom.records import search
from controlroom.records.db import Database, open_database
from controlroom.records.models import Base


def test_migrations_produce_the_models(db: Database) -> None:
    assert db.state() == "current"
    with db.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={
            "compare_type": False,
            "include_name": lambda name, _type, _parents: not (name and search.is_derived(name)),
        })
        diff = compare_metadata(ctx, Base.metadata)
    assert diff == []


def test_upgrade_twice_is_harmless(db: Database) -> None:
    rev = db.current_revision()
    db.upgrade()
    assert db.current_revision() == rev == db.head_revision()


def test_newer_schema_is_refused_untouched(db: Database) -> None:
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    again = open_database(db.url)
    assert again.state() == "newer"
    try:
        again.upgrade()
        raise AssertionError("upgrade of a newer database must fail")
    except Exception as e:
        assert "mới hơn" in str(e)
    with db.engine.connect() as conn:
        version = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    assert version == "9999_future"
    again.dispose()
