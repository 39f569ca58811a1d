"""Roster grid, conflicts on edit, swap approval, check-in and the handover round trip in
a real window."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

from pytestqt.qtbot import QtBot
from sqlalchemy import select

from controlroom.paths import DataHome
from controlroom.records import handover as ho
from controlroom.records import roster, users
from controlroom.records.db import Database
from controlroom.records.models import AuditEntry, User
from controlroom.records.users import SYSTEM, Identity
from controlroom.timeutil import utcnow
from controlroom.ui.main_window import MainWindow
from controlroom.ui.roster import AssignDialog, HandoverDialog, RosterDialog

NAMES = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Minh Dũng", "Hoàng Thị Em",
         "Vũ Đức Giang"]
PW = "matkhau-2026"


def _month() -> str:
    now = utcnow() + timedelta(hours=7)
    return f"{now.year:04d}-{now.month:02d}"


def _setup(db: Database) -> None:
    with db.session() as s:
        for i, name in enumerate(NAMES):
            users.create(s, SYSTEM, f"cb{i}", PW, "leader" if i < 3 else "officer",
                         full_name=name)
            roster.add_officer(s, SYSTEM, name, posts="desk,leader" if i < 3 else "desk",
                               user=f"cb{i}", rank="Thượng úy")
        roster.generate(s, SYSTEM, _month(), seconds=4)
    # the neighbouring months too, so "now" always has a shift (near month ends)
    with db.session() as s:
        y, m = map(int, _month().split("-"))
        nxt = f"{y + m // 12:04d}-{m % 12 + 1:02d}"
        roster.generate(s, SYSTEM, nxt, seconds=4)


def _shot(widget: object, name: str) -> None:
    out = os.environ.get("CONTROLROOM_SCREENSHOTS")
    if out:
        widget.grab().save(str(Path(out) / name))  # type: ignore[attr-defined]


def test_grid_edit_shows_conflicts_and_swap_is_approved(qtbot: QtBot, sqlite_db: Database,
                                                        vi: None) -> None:
    _setup(sqlite_db)
    leader = Identity(0, "cb0", NAMES[0], "leader")
    dlg = RosterDialog(sqlite_db, leader, _month())
    qtbot.addWidget(dlg)
    dlg.resize(1366, 700)
    dlg.show()
    qtbot.waitExposed(dlg)
    assert dlg.grid.rowCount() == len(NAMES) + 1
    filled = [(r, c) for r in range(len(NAMES)) for c in range(dlg.grid.columnCount())
              if dlg.grid.item(r, c).text()]
    assert len(filled) == len({(r, c) for r, c in filled}) > 0
    _shot(dlg, "roster-month-vi.png")
    # edit: put the officer already on the shift's other post → double booking shown
    r, c = filled[0]
    ad = AssignDialog(sqlite_db, leader, _month(), dlg.days[c], dlg.row_officer[r], dlg)
    qtbot.addWidget(ad)
    with sqlite_db.read() as s:
        rid = ad.slot.currentData()[0]
        a = s.get(roster.RosterAssignment, rid)
        other = next(x for x in roster.assignments(s, roster.get_month(s, _month()))
                     if x.day == a.day and x.shift_key == a.shift_key and x.id != a.id)
        other_name = roster._name(s, other.officer_id)
    ad.officer.setCurrentIndex(ad.officer.findText(other_name))
    assert "⚠" in ad.conflicts.text()
    _shot(ad, "roster-edit-conflict-vi.png")
    ad.reject()
    # drag one officer's day onto another's: the swap (draft month, leader) is applied
    r2 = next(rr for rr in range(len(NAMES)) if rr != r and dlg.grid.item(rr, c + 7
                                                                         if c + 7 < len(dlg.days)
                                                                         else c - 7).text())
    c2 = c + 7 if c + 7 < len(dlg.days) else c - 7
    before = (dlg.grid.item(r, c).text(), dlg.grid.item(r2, c2).text())
    state = dlg.swap_cells(r, c, r2, c2, approve_conflicts=False)
    assert state in ("approved", "rejected")
    if state == "approved":
        assert dlg.grid.item(r, c).text() == "" or (dlg.grid.item(r, c).text(),
                                                     dlg.grid.item(r2, c2).text()) != before


def test_officer_swap_waits_for_the_leader(qtbot: QtBot, sqlite_db: Database) -> None:
    _setup(sqlite_db)
    with sqlite_db.session() as s:
        roster.publish(s, SYSTEM, _month())
        u = s.scalar(select(User).where(User.username == "cb4"))
        officer = users.identity(u)
        o = roster.find_officer(s, NAMES[4])
        rows = roster.assignments(s, roster.get_month(s, _month()))
        a = next(x for x in rows if x.officer_id == o.id)
        b = next(x for x in rows if x.officer_id not in (o.id, None)
                 and abs((x.day - a.day).days) >= 5)
        sw = roster.request_swap(s, officer, a.id, b.id, "việc gia đình")
        sw_id, before = sw.id, (a.officer_id, b.officer_id)
    leader = Identity(0, "cb0", NAMES[0], "leader")
    from controlroom.ui.roster import ReviewDialog
    rd = ReviewDialog(sqlite_db, leader, DataHome(Path(os.environ["CONTROLROOM_HOME"])))
    qtbot.addWidget(rd)
    kinds = [rd.queue.item(i).data(256)[0] for i in range(rd.queue.count())]
    assert "swap" in kinds
    rd.queue.setCurrentRow(kinds.index("swap"))
    rd.decide(True)
    with sqlite_db.read() as s:
        assert roster.pending_swaps(s) == []
        a2, b2 = s.get(roster.RosterAssignment, a.id), s.get(roster.RosterAssignment, b.id)
        assert (a2.officer_id, b2.officer_id) == before[::-1]  # type: ignore[union-attr]
    del sw_id


def test_shift_dock_check_in_and_handover_round_trip(qtbot: QtBot, sqlite_db: Database,
                                                     home: DataHome, vi: None) -> None:
    _setup(sqlite_db)
    with sqlite_db.read() as s:
        cur = ho.shift_at(s, utcnow())
        assert cur is not None
        desk = cur.officer("desk")
        o = roster.find_officer(s, desk)
        u = s.get(User, o.user_id)
        ident = users.identity(u)  # type: ignore[arg-type]
    w = MainWindow(sqlite_db, ident, home, features=["controlroom.ui.roster"])
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    qtbot.waitExposed(w)
    panel = w.shift_dock.widget()
    assert desk in panel.current.text()
    # signing in was the desk officer's check-in: recorded once, shown in the dock
    with sqlite_db.read() as s:
        seat = next(x for x in ho.shift_at(s, utcnow()).seats  # type: ignore[union-attr]
                    if x.officer == desk)
        assert seat.check_in is not None
        assert s.scalar(select(AuditEntry).where(AuditEntry.action == "desk.check_in",
                                                 AuditEntry.actor == ident.username))
    assert panel.auto_notice.isVisible() and "Đã vào ca" in panel.auto_notice.text()
    panel.check_in()  # the button changes nothing now
    assert panel.check_in_at_sign_in() is None
    _shot(w, "shift-dock-vi.png")
    dlg = panel.open_handover(previous=False)
    assert isinstance(dlg, HandoverDialog)
    qtbot.addWidget(dlg)
    dlg.note.setPlainText("Ca trực bình thường, camera hoạt động tốt.")
    dlg.submit()
    assert dlg.status == "submitted"
    _shot(dlg, "handover-vi.png")
    # the incoming officer (or a leader) acknowledges; then it is frozen
    leader = Identity(0, "cb0", NAMES[0], "leader")
    dlg2 = HandoverDialog(sqlite_db, leader, home, dlg.hid)
    qtbot.addWidget(dlg2)
    dlg2.acknowledge()
    assert dlg2.status == "acknowledged" and dlg2.note.isReadOnly()
    assert dlg2.amend_btn.isEnabled() and not dlg2.submit_btn.isEnabled()
    dlg2.amend("Bổ sung: đã bàn giao chìa khóa tủ.")
    assert dlg2.amend_list.count() == 1
    w.close()


def test_english_window_with_dock_and_grid(qtbot: QtBot, sqlite_db: Database,
                                           home: DataHome) -> None:
    _setup(sqlite_db)
    leader = Identity(0, "cb0", NAMES[0], "leader")
    w = MainWindow(sqlite_db, leader, home, features=["controlroom.ui.roster"])
    qtbot.addWidget(w)
    w.resize(1920, 1080)
    w.show()
    qtbot.waitExposed(w)
    panel = w.shift_dock.widget()
    assert "Current shift" in panel.current.text()
    assert panel.queue_btn.isVisible()
    feature = w.features["controlroom.ui.roster"]
    dlg = feature.open_roster()  # type: ignore[attr-defined]
    qtbot.addWidget(dlg)
    dlg.resize(1800, 900)
    assert dlg.tabs.tabText(1) == "Balance" and dlg.balance.rowCount() == len(NAMES)
    _shot(w, "shift-dock-en-1920.png")
    _shot(dlg, "roster-month-en-1920.png")
    for kind in ("pdf", "csv", "book"):
        out = home.root / f"out-{kind}"
        dlg.export(kind, str(out))
        assert out.read_bytes()[:4] in (b"%PDF", b"\xef\xbb\xbf\xc3"[:4]) or \
            out.read_bytes().startswith(b"\xef\xbb\xbf")
    w.close()


def test_runtime_language_switch_of_the_dock(qtbot: QtBot, sqlite_db: Database,
                                             home: DataHome) -> None:
    from controlroom.ui import app as uiapp
    from tests.ui.test_language_switch import VIETNAMESE, _settle, visible_texts

    _setup(sqlite_db)
    leader = Identity(0, "cb0", NAMES[0], "leader")

    def window() -> MainWindow:
        w = MainWindow(sqlite_db, leader, home, features=["controlroom.ui.roster"])
        qtbot.addWidget(w)
        w.show()
        qtbot.waitExposed(w)
        return w

    uiapp.set_language(home, "en")
    fresh = window()
    english = visible_texts(fresh)
    fresh.close()
    uiapp.set_language(home, "vi")
    w = window()
    assert "Vào ca" in visible_texts(w)
    w.switch_language("en")
    _settle(qtbot, lambda: visible_texts(w) == english)
    switched = visible_texts(w)
    assert sorted(set(switched) ^ set(english)) == []
    data = ("Công an", *NAMES)  # the post's and officers' names stay as written
    assert not [t for t in switched if VIETNAMESE.search(t) and not any(d in t for d in data)]
    w.close()


def test_leave_then_repair_from_the_grid(qtbot: QtBot, sqlite_db: Database) -> None:
    from PySide6.QtCore import QDate

    _setup(sqlite_db)
    y, m = map(int, _month().split("-"))
    nxt = f"{y + m // 12:04d}-{m % 12 + 1:02d}"
    with sqlite_db.session() as s:
        roster.publish(s, SYSTEM, nxt)
    leader = Identity(0, "cb0", NAMES[0], "leader")
    dlg = RosterDialog(sqlite_db, leader, nxt)
    qtbot.addWidget(dlg)
    assert dlg.leave_btn.isVisible() or not dlg.isVisible()
    lv = dlg.open_leave()
    qtbot.addWidget(lv)
    lv.officer.setCurrentIndex(lv.officer.findText(NAMES[3]))
    lv.kind.setCurrentIndex(lv.kind.findData("sick"))
    day = dlg.days[9]
    lv.first.setDate(QDate(day.year, day.month, day.day))
    lv.last.setDate(QDate(day.year, day.month, day.day + 1))
    lv.reason.setText("Sốt")
    assert lv.save()
    problems = dlg.run_check()
    n = dlg.repair(apply=True)
    with sqlite_db.read() as s:
        after = roster.check_month(s, nxt)
    assert after == [] and (n > 0 or not problems)


def test_officers_dialog_adds_and_retires(qtbot: QtBot, sqlite_db: Database, vi: None) -> None:
    from controlroom.ui.roster import OfficersDialog

    _setup(sqlite_db)
    leader = Identity(0, "cb0", NAMES[0], "leader")
    dlg = OfficersDialog(sqlite_db, leader)
    qtbot.addWidget(dlg)
    assert dlg.table.rowCount() == len(NAMES)
    dlg.name.setText("Đỗ Thị Mai")
    dlg.rank.setText("Trung úy")
    dlg.posts["leader"].setChecked(True)
    assert dlg.add()
    assert dlg.table.rowCount() == len(NAMES) + 1
    row = next(i for i in range(dlg.table.rowCount())
               if dlg.table.item(i, 0).text() == "Đỗ Thị Mai")  # type: ignore[union-attr]
    dlg.table.selectRow(row)
    dlg.retire()
    with sqlite_db.read() as s:
        o = roster.find_officer(s, "Đỗ Thị Mai")
        assert o.posts == "desk,leader" and not o.active
