"""Column types shared by every model."""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime, String, Text
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes in Python, naive UTC in the database (same on SQLite and
    PostgreSQL, so comparisons and ordering agree)."""

    impl = DateTime(timezone=False)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if isinstance(value, str):
            value = datetime.fromisoformat(value)
        return _aware(value)

    def result_processor(self, dialect: Dialect, coltype: Any) -> Any:
        # A list page converts hundreds of these, so each dialect gets one small function
        # without SQLAlchemy's decorator chain. SQLite hands back the stored text
        # ("YYYY-MM-DD HH:MM:SS.ffffff", naive UTC): parsed in C by fromisoformat with the
        # offset appended, so the aware value comes out of one call. PostgreSQL's driver
        # gives naive datetimes: made aware with `combine` (`.replace(tzinfo=)` costs 4x
        # as much in CPython 3.11: keyword parsing).
        parse, aware = datetime.fromisoformat, _aware
        if dialect.name == "sqlite":

            def process(value: Any) -> datetime | None:
                if value is None:
                    return None
                if isinstance(value, str):
                    try:
                        value = parse(value + "+00:00")
                    except ValueError:  # text with its own offset (not written by us)
                        value = parse(value)
                    if value.tzinfo is UTC:
                        return value
                return aware(value)

            return process
        impl = self.impl_instance.dialect_impl(dialect).result_processor(dialect, coltype)
        if impl is None:  # psycopg: datetime objects, naive UTC as stored
            combine, utc = datetime.combine, UTC

            def process_datetime(value: Any) -> datetime | None:
                if value is None:
                    return None
                if value.tzinfo is None:
                    return combine(value.date(), value.time(), utc)
                return value.astimezone(utc)

            return process_datetime

        def process_driver(value: Any) -> datetime | None:
            value = impl(value)
            if value is None:
                return None
            if isinstance(value, str):
                value = parse(value)
            return aware(value)

        return process_driver


def _aware(value: datetime) -> datetime:
    """Naive UTC (as stored) or aware -> aware UTC."""
    if value.tzinfo is None:
        return datetime.combine(value.date(), value.time(), UTC)
    return value.astimezone(UTC)


def nfc(value: str | None) -> str | None:
    return unicodedata.normalize("NFC", value) if value is not None else None


class NFCString(TypeDecorator[str]):
    """Text stored NFC-normalised, so the same Vietnamese word always compares equal."""

    impl = String
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        return nfc(value)


class NFCText(TypeDecorator[str]):
    impl = Text
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        return nfc(value)
