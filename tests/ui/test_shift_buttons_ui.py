"""The shift dock's Check in / Check out buttons follow the signed-in officer's own state
(checked in at sign-in or by the button, checked out, the next shift), and the post may
turn the automatic check-in at sign-in off. Time is the panel's clock, set by the test
(as the records tests pass `when`); `reload` is what the dock's minute timer calls."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from controlroom.paths import DataHome
from controlroom.records import handover as ho
from controlroom.records import roster, settings, users
from controlroom.records.db import Database
from controlroom.records.models import CheckIn
from controlroom.records.users import SYSTEM, Identity
from controlroom.ui.main_window import MainWindow
from controlroom.ui.roster import ShiftPanel

NAMES = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Minh Dũng", "Hoàng Thị Em",
         "Vũ Đức Giang"]
MONTH = "2031-03"  # far from "now": the window's own sign-in finds no shift of this roster


def _local(d: int, h: int, m: int = 0) -> datetime:
    return datetime(2031, 3, d, h, m, tzinfo=UTC) - timedelta(hours=7)


def _setup(db: Database) -> tuple[Identity, int]:
    """The roster of MONTH; the desk officer of the day shift of 5/3 and their id."""
    with db.session() as s:
        for i, name in enumerate(NAMES):
            users.create(s, SYSTEM, f"cb{i}", "matkhau-123", "leader" if i < 3 else "officer",
                         full_name=name)
            roster.add_officer(s, SYSTEM, name, posts="desk,leader" if i < 3 else "desk",
                               user=f"cb{i}")
        roster.generate(s, SYSTEM, MONTH, seconds=4)
        roster.publish(s, SYSTEM, MONTH)
    with db.read() as s:
        sh = ho.shift_at(s, _local(5, 10))
        assert sh is not None and sh.start == _local(5, 7)
        o = roster.find_officer(s, sh.officer("desk"))
        return users.identity(s.get(users.User, o.user_id)), o.id  # type: ignore[arg-type]


def _panel(qtbot: QtBot, db: Database, home: DataHome, ident: Identity,
           now: list[datetime]) -> ShiftPanel:
    panel = ShiftPanel(db, ident, home, clock=lambda: now[0])
    qtbot.addWidget(panel)
    panel.resize(360, 600)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def _notice(panel: ShiftPanel) -> str:
    """The dock's line about the officer's own check-in (times kept on one line)."""
    return panel.auto_notice.text().replace("\u00a0", " ")


def _check_ins(db: Database, officer_id: int) -> int:
    with db.read() as s:
        return int(s.scalar(select(func.count()).select_from(CheckIn)
                            .where(CheckIn.officer_id == officer_id)) or 0)


def test_buttons_follow_check_in_check_out_and_the_next_shift(
        qtbot: QtBot, sqlite_db: Database, home: DataHome, vi: None) -> None:
    ident, oid = _setup(sqlite_db)
    now = [_local(5, 6)]  # an hour before the shift: Check in is open, nothing to check out
    panel = _panel(qtbot, sqlite_db, home, ident, now)
    assert panel.checkin_btn.isEnabled() and not panel.checkout_btn.isEnabled()
    assert not panel.auto_notice.isVisible()
    # signing in at 07:02 checks in: Check in goes grey and says when, Check out opens
    now[0] = _local(5, 7, 2)
    assert panel.check_in_at_sign_in() == now[0]
    assert not panel.checkin_btn.isEnabled() and panel.checkout_btn.isEnabled()
    assert "05/03/2031 07:02" in panel.checkin_btn.toolTip()
    assert panel.auto_notice.isVisible()
    assert "Đã vào ca khi đăng nhập" in _notice(panel)
    assert "05/03/2031 07:02" in _notice(panel)
    # a click on the grey button does nothing; an hour later it is still grey
    qtbot.mouseClick(panel.checkin_btn, Qt.MouseButton.LeftButton)
    now[0] = _local(5, 8, 2)
    panel.reload()
    assert not panel.checkin_btn.isEnabled() and _check_ins(sqlite_db, oid) == 1
    # check out at 19:03: both buttons grey, the time shown
    now[0] = _local(5, 19, 3)
    qtbot.mouseClick(panel.checkout_btn, Qt.MouseButton.LeftButton)
    assert not panel.checkout_btn.isEnabled() and not panel.checkin_btn.isEnabled()
    assert "05/03/2031 19:03" in panel.checkout_btn.toolTip()
    assert "05/03/2031 19:03" in _notice(panel)
    # the officer's next shift: an hour before it the dock's minute tick opens Check in again
    with sqlite_db.read() as s:
        nxt = min((a for a in roster.assignments(s, roster.get_month(s, MONTH))
                   if a.officer_id == oid and a.start_utc > _local(5, 19)),
                  key=lambda a: a.start_utc)
        start = nxt.start_utc
    now[0] = start - timedelta(hours=1)
    panel.reload()
    assert panel.checkin_btn.isEnabled() and not panel.checkout_btn.isEnabled()
    assert panel.checkin_btn.toolTip() == "" and not panel.auto_notice.isVisible()
    now[0] = start + timedelta(minutes=3)
    qtbot.mouseClick(panel.checkin_btn, Qt.MouseButton.LeftButton)
    assert not panel.checkin_btn.isEnabled() and panel.checkout_btn.isEnabled()
    local = (start + timedelta(hours=7, minutes=3)).strftime("%d/%m/%Y %H:%M")
    assert local in panel.checkin_btn.toolTip()
    assert "Đã vào ca lúc" in _notice(panel) and local in _notice(panel)
    assert _check_ins(sqlite_db, oid) == 2


def test_off_shift_and_unlinked_accounts_have_nothing_to_press(
        qtbot: QtBot, sqlite_db: Database, home: DataHome, vi: None) -> None:
    ident, _oid = _setup(sqlite_db)
    now = [_local(5, 12)]  # the desk officer's day shift runs; someone else's does not
    with sqlite_db.read() as s:
        sh = ho.shift_at(s, now[0])
        nxt = ho.next_shift(s, now[0])
        assert sh is not None and nxt is not None
        busy = {x.officer for x in sh.seats + nxt.seats}
        off = next(o for o in roster.list_officers(s) if o.full_name not in busy)
        off_ident = users.identity(s.get(users.User, off.user_id))  # type: ignore[arg-type]
    panel = _panel(qtbot, sqlite_db, home, off_ident, now)
    assert not panel.checkin_btn.isEnabled() and not panel.checkout_btn.isEnabled()
    assert panel.checkin_btn.toolTip()  # says there is no shift
    admin = Identity(0, "quantri", "Quản trị", "admin")  # no officer behind the account
    panel2 = _panel(qtbot, sqlite_db, home, admin, now)
    assert not panel2.checkin_btn.isEnabled() and not panel2.checkout_btn.isEnabled()


def test_automatic_check_in_at_sign_in_can_be_turned_off(
        qtbot: QtBot, sqlite_db: Database, home: DataHome, vi: None) -> None:
    ident, oid = _setup(sqlite_db)
    with sqlite_db.session() as s:
        settings.set_value(s, SYSTEM, "roster_auto_checkin", "false")
    now = [_local(5, 7, 2)]
    panel = _panel(qtbot, sqlite_db, home, ident, now)
    assert panel.check_in_at_sign_in() is None  # signing in records nothing…
    assert _check_ins(sqlite_db, oid) == 0
    assert panel.checkin_btn.isEnabled() and not panel.auto_notice.isVisible()
    qtbot.mouseClick(panel.checkin_btn, Qt.MouseButton.LeftButton)  # …the button does
    assert _check_ins(sqlite_db, oid) == 1 and not panel.checkin_btn.isEnabled()
    assert "Đã vào ca lúc 05/03/2031 07:02" in _notice(panel)
    # back on: the next sign-in (another officer's, at their shift) checks in again
    with sqlite_db.session() as s:
        settings.set_value(s, SYSTEM, "roster_auto_checkin", "true")
        sh = ho.shift_at(s, now[0])
        assert sh is not None
        other = roster.find_officer(s, sh.officer("leader"))
        other_ident = users.identity(s.get(users.User, other.user_id))  # type: ignore[arg-type]
    panel2 = _panel(qtbot, sqlite_db, home, other_ident, now)
    assert panel2.check_in_at_sign_in() == now[0]
    assert _check_ins(sqlite_db, other.id) == 1 and not panel2.checkin_btn.isEnabled()


def test_menu_actions_follow_the_buttons(qtbot: QtBot, sqlite_db: Database,
                                         home: DataHome) -> None:
    ident, _oid = _setup(sqlite_db)
    w = MainWindow(sqlite_db, ident, home, features=["controlroom.ui.roster"])
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    check_in = w.findChild(QAction, "checkInAction")
    check_out = w.findChild(QAction, "checkOutAction")
    assert check_in is not None and check_out is not None
    assert not check_in.isEnabled() and not check_out.isEnabled()  # no shift really now
    panel = w.shift_dock.widget()
    assert isinstance(panel, ShiftPanel)
    now = [_local(5, 7, 5)]
    panel.clock = lambda: now[0]
    panel.reload()
    assert check_in.isEnabled() and not check_out.isEnabled()
    check_in.trigger()
    assert not check_in.isEnabled() and check_out.isEnabled()
    assert not panel.checkin_btn.isEnabled()
    w.close()
