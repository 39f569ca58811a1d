"""Alembic environment: runs on the engine handed over by controlroom.records.db."""

from __future__ import annotations

from typing import Any, Literal

from alembic import context
from sqlalchemy import create_engine
from sqlalchemy.types import TypeDecorator

from controlroom.records import search
from controlroom.records.models import Base

config = context.config


def _render_item(type_: str, obj: Any, autogen_context: Any) -> str | Literal[False]:
    """Migrations name plain SQL types, never our Python-side decorators."""
    if type_ == "type" and isinstance(obj, TypeDecorator):
        return "sa." + repr(obj.impl)
    return False

target_metadata = Base.metadata


def _include_name(name: str | None, type_: str, parent_names: Any) -> bool:
    """The search index (records/search.py) is derived data outside the models."""
    return not (name and search.is_derived(name))


def run_migrations_online() -> None:
    engine = config.attributes.get("engine") or create_engine(
        config.get_main_option("sqlalchemy.url") or ""
    )
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
            render_item=_render_item,
            include_name=_include_name,
        )
        with context.begin_transaction():
            context.run_migrations()
            search.ensure_structures(connection)
        connection.commit()


run_migrations_online()
