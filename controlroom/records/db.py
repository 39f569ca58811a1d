"""Opening the database: SQLite (WAL, foreign keys, busy timeout) or PostgreSQL.

`CONTROLROOM_DB_URL` selects PostgreSQL (several desks); otherwise the SQLite file in the
data home. A damaged file or a schema from a newer version is refused with a clear
message; nothing here ever overwrites an existing database.
"""

from __future__ import annotations

import ast
import os
import select
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.exc import DatabaseError as SADatabaseError
from sqlalchemy.exc import DisconnectionError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from controlroom.errors import DatabaseError
from controlroom.oserror import describe
from controlroom.paths import DataHome, data_home

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"
SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 15000


def database_url(home: DataHome | None = None) -> str:
    env = os.environ.get("CONTROLROOM_DB_URL")
    if env:
        if env.startswith("postgresql://"):
            env = "postgresql+psycopg://" + env[len("postgresql://") :]
        return env
    home = home or data_home()
    return f"sqlite:///{home.database}"


def _check_sqlite_file(path: Path) -> None:
    if not path.exists() or path.stat().st_size == 0:
        return
    try:
        with path.open("rb") as f:
            head = f.read(16)
    except OSError as e:
        raise DatabaseError(
            "Không đọc được tệp cơ sở dữ liệu {p}: {e}",
            "Cannot read the database file {p}: {e}",
            p=path,
            e=describe(e),
        ) from None
    if head != SQLITE_MAGIC:
        raise DatabaseError(
            "Tệp {p} không phải cơ sở dữ liệu SQLite hoặc đã bị hỏng. Không ghi đè; "
            "hãy khôi phục từ bản sao lưu (controlroom db restore).",
            "{p} is not an SQLite database or is damaged. It was not overwritten; "
            "restore a backup (controlroom db restore).",
            p=path,
        )


def _sqlite_pragmas(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _rec: Any) -> None:
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA synchronous=NORMAL")
        # Freed pages are zeroed: a deleted informant identity must not linger (tip vault).
        cur.execute("PRAGMA secure_delete=ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        # Writers take the lock up front: a deferred transaction that reads and then
        # writes fails at once (SQLITE_BUSY_SNAPSHOT) when another process wrote first.
        # Issued on the driver's connection: nothing listens to this statement, and
        # SQLAlchemy's statement machinery cost more than the BEGIN (every list page).
        mode = conn.get_execution_options().get("sqlite_begin", "IMMEDIATE")
        try:
            conn.connection.driver_connection.execute(f"BEGIN {mode}")
        except sqlite3.Error as e:
            raise SADatabaseError.instance(f"BEGIN {mode}", (), e, sqlite3.Error,
                                           dialect=conn.dialect) from e


def _postgres_liveness(engine: Engine) -> None:
    """A pooled connection whose server went away is replaced at checkout without a round
    trip. A PostgreSQL server that ends a session (restart, shutdown, an administrator's
    pg_terminate_backend) sends a FATAL message and closes the socket, while an idle
    session of ours is sent nothing (we never LISTEN). So an idle pooled connection with
    anything to read is dropped and SQLAlchemy's pool retries with a fresh one
    (`DisconnectionError`) — at worst a rare asynchronous notice costs one new
    connection. Replaces `pool_pre_ping`, which cost a `SELECT 1` round trip on every
    checkout (docs/benchmarks.md, issue 12). A server that vanished without closing the
    socket (a cut cable) is found by the query itself, which then fails once and
    invalidates the pool."""

    @event.listens_for(engine, "checkout")
    def _on_checkout(dbapi_conn: Any, _rec: Any, _proxy: Any) -> None:
        from psycopg.pq import ConnStatus

        pgconn = dbapi_conn.pgconn
        if pgconn.status != ConnStatus.OK:
            raise DisconnectionError("connection closed")
        poller = select.poll()
        poller.register(pgconn.socket, select.POLLIN | select.POLLERR | select.POLLHUP)
        if poller.poll(0):
            raise DisconnectionError("the server sent something to an idle connection")


@dataclass(eq=False)  # compared and hashed by identity (settings.get_all_recent)
class Database:
    url: str
    engine: Engine

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @property
    def sqlite_path(self) -> Path | None:
        name = self.engine.url.database
        return Path(name) if self.is_sqlite and name else None

    # -- sessions ------------------------------------------------------------------------
    @contextmanager
    def session(self) -> Iterator[Session]:
        """A write transaction: commits on success, rolls back on error."""
        with self._writer() as s, s.begin():
            yield s

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read that never blocks writers and never writes. SQLite: one snapshot for
        everything read inside (a deferred transaction, rolled back). PostgreSQL: each
        statement sees what was committed when it started (READ COMMITTED, as inside a
        transaction there), run in autocommit: no BEGIN/ROLLBACK round trips. A flush
        inside a read is refused (it would be committed at once on PostgreSQL)."""
        with self._reader() as s:  # closing rolls the transaction back
            yield s

    # -- schema state --------------------------------------------------------------------
    def alembic_config(self) -> Config:
        from alembic.config import Config

        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        cfg.set_main_option("sqlalchemy.url", self.url.replace("%", "%%"))
        cfg.attributes["engine"] = self.engine
        return cfg

    def current_revision(self) -> str | None:
        try:
            with self.engine.connect() as conn:
                if "alembic_version" not in inspect(conn).get_table_names():
                    return None
                rev = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
                return str(rev) if rev is not None else None
        except (SADatabaseError, OperationalError) as e:
            raise _wrap(e, self.url) from None

    def head_revision(self) -> str | None:
        return _head_revision()

    def state(self) -> str:
        """'empty', 'current', 'outdated', 'newer' or 'foreign' (tables but not ours)."""
        rev = self.current_revision()
        if rev is None:
            with self.engine.connect() as conn:
                tables = inspect(conn).get_table_names()
            return "foreign" if tables else "empty"
        known = _revisions()
        if rev == _head_revision():
            return "current"
        return "outdated" if rev in known else "newer"

    def upgrade(self) -> None:
        st = self.state()
        if st == "newer":
            raise _newer(self.url)
        if st == "foreign":
            raise DatabaseError(
                "Cơ sở dữ liệu {u} chứa bảng không thuộc phần mềm này; không ghi vào đó.",
                "Database {u} holds tables that are not ours; refusing to write to it.",
                u=_safe_url(self.url),
            )
        from alembic import command

        command.upgrade(self.alembic_config(), "head")

    def require_current(self) -> None:
        st = self.state()
        if st == "current":
            return
        if st == "newer":
            raise _newer(self.url)
        if st == "empty":
            raise DatabaseError(
                "Chưa có cơ sở dữ liệu. Chạy: controlroom init --admin TÊN",
                "No database yet. Run: controlroom init --admin NAME",
            )
        raise DatabaseError(
            "Cơ sở dữ liệu cần nâng cấp. Chạy: controlroom db upgrade",
            "The database needs an upgrade. Run: controlroom db upgrade",
        )

    def dispose(self) -> None:
        self.engine.dispose()
        if self._read_engine is not self.engine:
            self._read_engine.dispose()

    def __post_init__(self) -> None:
        # Both kinds of session name their database (settings.get_all_recent keys on it).
        self._writer = sessionmaker(self.engine, expire_on_commit=False,
                                    info={"database": self})
        reader_bind: Engine
        if self.is_sqlite:
            self._read_engine = self.engine
            reader_bind = self.engine.execution_options(sqlite_begin="DEFERRED")
        else:  # a pool of its own whose connections stay in autocommit (no switching)
            self._read_engine = create_engine(self.engine.url, isolation_level="AUTOCOMMIT")
            _postgres_liveness(self._read_engine)
            reader_bind = self._read_engine
        self._reader = sessionmaker(reader_bind, expire_on_commit=False,
                                    info={"database": self})
        event.listen(self._reader, "before_flush", _refuse_writes)


def _refuse_writes(session: Session, _ctx: Any, _instances: Any) -> None:
    if session.new or session.dirty or session.deleted:
        raise RuntimeError("a Database.read() session does not write; use Database.session()")


def _revisions() -> dict[str, str | None]:
    """revision -> down_revision of every migration, read without importing Alembic (the
    recorder checks the schema at start and should not pay for Alembic in memory)."""
    out: dict[str, str | None] = {}
    for path in (MIGRATIONS / "versions").glob("*.py"):
        values: dict[str, Any] = {}
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.Assign) and len(node.targets) == 1:
                target = node.targets[0]
                if isinstance(target, ast.Name) and target.id in ("revision", "down_revision"):
                    values[target.id] = ast.literal_eval(node.value)
        if "revision" in values:
            out[values["revision"]] = values.get("down_revision")
    return out


def _head_revision() -> str | None:
    revs = _revisions()
    parents = {d for d in revs.values() if d}
    heads = [r for r in revs if r not in parents]
    return heads[0] if len(heads) == 1 else None


def _safe_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def _newer(url: str) -> DatabaseError:
    return DatabaseError(
        "Cơ sở dữ liệu {u} do một phiên bản mới hơn của phần mềm tạo ra. Hãy cập nhật "
        "phần mềm; dữ liệu không bị thay đổi.",
        "Database {u} was written by a newer version of this software. Update the "
        "software; the data was left untouched.",
        u=_safe_url(url),
    )


def _wrap(e: Exception, url: str) -> DatabaseError:
    from controlroom.video.urls import redact

    msg = redact(str(getattr(e, "orig", e)).splitlines()[0][:200])
    return DatabaseError(
        "Không mở được cơ sở dữ liệu {u}: {m}",
        "Cannot open database {u}: {m}",
        u=_safe_url(url),
        m=msg,
    )


def open_database(url: str | None = None, home: DataHome | None = None) -> Database:
    """Open (without creating tables). Raises DatabaseError with a clear message."""
    home = home or data_home()
    url = url or database_url(home)
    if url.startswith("sqlite"):
        home.ensure()
        db_path = url.split("///", 1)[1] if "///" in url else ""
        if db_path and db_path != ":memory:":
            _check_sqlite_file(Path(db_path))
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
        _sqlite_pragmas(engine)
    else:
        engine = create_engine(url)
        _postgres_liveness(engine)
    db = Database(url, engine)
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT 1")
            if db.is_sqlite:
                ok = conn.exec_driver_sql("PRAGMA quick_check").scalar()
                if ok != "ok":
                    raise DatabaseError(
                        "Cơ sở dữ liệu bị hỏng ({m}). Không ghi đè; hãy khôi phục từ bản sao lưu.",
                        "The database is damaged ({m}). Not overwritten; restore a backup.",
                        m=str(ok)[:200],
                    )
    except (SADatabaseError, OperationalError) as e:
        engine.dispose()
        raise _wrap(e, url) from None
    return db
