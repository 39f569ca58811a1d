"""A throw-away demonstration installation: database, users with Vietnamese names, the
post's name, then whatever the feature owners seed through `DEMO_HOOKS`.

Nothing here may run against a real data home: `controlroom demo` points
CONTROLROOM_HOME at a temporary directory (or `--home`) and uses the DEMO keyring.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from controlroom.errors import UserError
from controlroom.paths import DataHome
from controlroom.records import audit, settings, setup, users
from controlroom.records.db import Database
from controlroom.records.models import User

log = logging.getLogger(__name__)

DEMO_POST_NAME = "Công an xã Tịnh Châu (DEMO)"
DEMO_UNIT = "Công an xã Tịnh Châu"

# Modules with `seed(db: Database, home: DataHome)`, run in this order when importable.
# `seed` may return something to undo at exit: an object with `close()` or a callable
# (e.g. the camera simulator and the recorder it started).
DEMO_HOOKS: list[str] = [
    "controlroom.video.demo_cameras",
    "controlroom.video.demo_recorder",
    "controlroom.records.demo_books",
    "controlroom.records.demo_incidents",
    "controlroom.records.demo_roster",
    "controlroom.records.demo_checkins",  # after the roster: past seats' check-ins
    "controlroom.records.demo_audit",  # last: anchors what the others seeded
]


@dataclass(frozen=True)
class DemoUser:
    username: str
    password: str
    role: str
    full_name: str
    rank: str
    unit: str = DEMO_UNIT


DEMO_USERS: tuple[DemoUser, ...] = (
    DemoUser("quantri", "quantri-demo", "admin", "Nguyễn Văn Quảng", "Đại úy"),
    DemoUser("totruong", "totruong-demo", "leader", "Trần Thị Hồng Nhung", "Thượng úy"),
    DemoUser("canbo1", "canbo1-demo", "officer", "Lê Đức Thắng", "Trung úy"),
    DemoUser("canbo2", "canbo2-demo", "officer", "Phạm Thị Thu Hà", "Thiếu úy"),
    DemoUser("canbo3", "canbo3-demo", "officer", "Đặng Quốc Việt", "Hạ sĩ"),
)
DEMO_OFFICER = "canbo1"


def sign_in_hint() -> str:
    """The demo accounts, one a line, for the sign-in dialog (both languages: the officer
    may switch language in the dialog)."""
    lines = []
    for u in DEMO_USERS:
        vi, en = users.ROLE_NAMES[u.role]
        lines.append(f"{u.username} / {u.password} — {vi} / {en}")
    return "\n".join(lines)


def demo_user(username: str) -> DemoUser:
    for u in DEMO_USERS:
        if u.username == username:
            return u
    raise UserError("Không có người dùng demo «{u}» ({all}).",
                    "No demo user «{u}» ({all}).", u=username,
                    all=", ".join(x.username for x in DEMO_USERS))


@dataclass
class Demo:
    db: Database
    home: DataHome
    hooks_run: list[str] = field(default_factory=list)
    hook_errors: dict[str, str] = field(default_factory=dict)
    _undo: list[Callable[[], Any]] = field(default_factory=list)

    def close(self) -> None:
        """Stop what the hooks started (simulator, recorder), newest first."""
        while self._undo:
            fn = self._undo.pop()
            try:
                fn()
            except Exception:
                log.exception("demo cleanup failed")
        self.db.dispose()


def seed_base(db: Database) -> None:
    """Schema, demo users and the post's name; idempotent so `--home` can be reused."""
    setup.initialise(db)
    actor = users.SYSTEM
    with db.session() as s:
        existing = set(s.scalars(select(User.username)))
        for u in DEMO_USERS:
            if u.username not in existing:
                users.create(s, actor, u.username, u.password, u.role, full_name=u.full_name,
                             rank=u.rank, unit=u.unit)
        if settings.get(s, "post_name") != DEMO_POST_NAME:
            settings.set_value(s, actor, "post_name", DEMO_POST_NAME)
        audit.record(s, actor.username, "demo.seed", "database", "", users=len(DEMO_USERS))


def _undo_of(result: Any) -> Callable[[], Any] | None:
    if result is None:
        return None
    close = getattr(result, "close", None)
    if callable(close):
        return close
    if callable(result):
        return result
    return None


def create_demo(db: Database, home: DataHome, hooks: list[str] | None = None) -> Demo:
    """Seed the demo. A hook failing with a UserError is reported, not fatal: the demo
    still shows the rest of the product."""
    seed_base(db)
    demo = Demo(db, home)
    try:
        _run_hooks(demo, DEMO_HOOKS if hooks is None else hooks)
    except BaseException:
        demo.close()
        raise
    return demo


def _run_hooks(demo: Demo, hooks: list[str]) -> None:
    for name in hooks:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as e:
            if e.name == name:
                continue
            raise
        try:
            undo = _undo_of(module.seed(demo.db, demo.home))
        except UserError as e:
            demo.hook_errors[name] = str(e)
            continue
        if undo is not None:
            demo._undo.append(undo)
        demo.hooks_run.append(name)
