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
        return value.replace(tzinfo=UTC)

    def result_processor(self, dialect: Dialect, coltype: Any) -> Any:
        if dialect.name != "sqlite":
            return super().result_processor(dialect, coltype)
        # SQLite hands back the stored text ("YYYY-MM-DD HH:MM:SS.ffffff", naive UTC):
        # parsed in C by fromisoformat with the UTC offset appended, so the aware value
        # comes out of one C call (SQLAlchemy's regex, or `.replace(tzinfo=)` with its
        # keyword parsing, cost 8x as much; a list page converts hundreds of these).
        parse, utc = datetime.fromisoformat, UTC

        def process(value: Any) -> datetime | None:
            if value is None:
                return None
            if isinstance(value, str):
                try:
                    return parse(value + "+00:00")
                except ValueError:  # text with its own offset (not written by us)
                    value = parse(value)
            return value.replace(tzinfo=utc) if value.tzinfo is None else value.astimezone(utc)

        return process


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
