"""Personal requests, holiday overrides and custom shift templates from the roster window
(real dialog under Xvfb, 1366×768)."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from pytestqt.qtbot import QtBot
from sqlalchemy import select

from controlroom.records import roster, users
from controlroom.records.db import Database
from controlroom.records.models import AuditEntry, RosterRequest
from controlroom.records.users import SYSTEM, Identity
from controlroom.ui import roster as ui
from controlroom.ui.roster import RosterDialog

NAMES = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Minh Dũng", "Hoàng Thị Em",
         "Vũ Đức Giang", "Đỗ Thị Hoa", "Bùi Văn Khánh"]
MONTH = "2027-09"


def _setup(db: Database) -> None:
    with db.session() as s:
        for i, name in enumerate(NAMES):
            users.create(s, SYSTEM, f"cb{i}", "matkhau-2026", "leader" if i < 3 else "officer",
                         full_name=name)
            roster.add_officer(s, SYSTEM, name, posts="desk,leader" if i < 3 else "desk",
                               user=f"cb{i}")


def _shot(widget: object, name: str) -> None:
    out = os.environ.get("CONTROLROOM_SCREENSHOTS")
    if out:
        widget.grab().save(str(Path(out) / name))  # type: ignore[attr-defined]


def _dialog(qtbot: QtBot, db: Database, ident: Identity) -> RosterDialog:
    dlg = RosterDialog(db, ident, MONTH)
    qtbot.addWidget(dlg)
    dlg.resize(1366, 700)
    dlg.show()
    qtbot.waitExposed(dlg)
    return dlg


def test_requests_are_filed_and_withdrawn(qtbot: QtBot, sqlite_db: Database, vi: None) -> None:
    _setup(sqlite_db)
    leader = Identity(1, "cb0", NAMES[0], "leader")
    dlg = _dialog(qtbot, sqlite_db, leader)
    page = dlg.requests
    dlg.tabs.setCurrentWidget(page)
    assert dlg.tabs.tabText(3) == "Đề nghị" and page.officer.count() == len(NAMES)
    page.officer.setCurrentIndex(page.officer.findData(NAMES[4]))
    page.day.setDate(ui._qdate(date(2027, 9, 12)))
    page.shift.setCurrentIndex(page.shift.findData("night"))
    page.want.setCurrentIndex(page.want.findData(False))
    page.weight.setValue(8)
    page.note.setText("Con ốm")
    assert page.add()
    page.officer.setCurrentIndex(page.officer.findData(NAMES[5]))
    page.day.setDate(ui._qdate(date(2027, 9, 20)))
    page.shift.setCurrentIndex(page.shift.findData("day"))
    page.want.setCurrentIndex(page.want.findData(True))
    assert page.add()
    assert page.table.rowCount() == 2
    assert page.table.item(0, 1).text() == "12/09/2027"
    assert page.table.item(0, 3).text() == "Xin không trực ca này"
    _shot(dlg, "roster-requests-vi.png")
    with sqlite_db.read() as s:
        rows = list(s.scalars(select(RosterRequest).order_by(RosterRequest.day)))
        assert [(r.day.day, r.shift_key, r.want, r.weight) for r in rows] == \
            [(12, "night", False, 8), (20, "day", True, 8)]
    page.table.selectRow(1)
    page.remove()
    assert page.table.rowCount() == 1
    with sqlite_db.read() as s:
        assert s.scalar(select(AuditEntry).where(AuditEntry.action == "roster.request_removed"))
    # an officer files only their own requests
    with sqlite_db.read() as s:
        u = s.scalar(select(users.User).where(users.User.username == "cb4"))
        assert u is not None
        officer = users.identity(u)
    dlg2 = _dialog(qtbot, sqlite_db, officer)
    assert [dlg2.requests.officer.itemText(i) for i in range(dlg2.requests.officer.count())] \
        == [NAMES[4]]


def test_holidays_are_added_and_struck_off(qtbot: QtBot, sqlite_db: Database,
                                           vi: None) -> None:
    _setup(sqlite_db)
    leader = Identity(1, "cb0", NAMES[0], "leader")
    dlg = _dialog(qtbot, sqlite_db, leader)
    page = dlg.holidays
    dlg.tabs.setCurrentWidget(page)
    days = [page.table.item(r, 0).text() for r in range(page.table.rowCount())]
    assert "02/09/2027" in days and "30/04/2027" in days
    page.day.setDate(ui._qdate(date(2027, 9, 13)))
    page.name.setText("Nghỉ bù Quốc khánh")
    page.weight.setValue(2)
    assert page.save()
    page.day.setDate(ui._qdate(date(2027, 9, 3)))
    assert page.save(removed=True)
    with sqlite_db.read() as s:
        hol = roster.holidays(s, date(2027, 9, 1), date(2027, 9, 30))
    assert hol[date(2027, 9, 13)].name == "Nghỉ bù Quốc khánh"
    assert date(2027, 9, 3) not in hol
    rows = {page.table.item(r, 0).text(): page.table.item(r, 3).text()
            for r in range(page.table.rowCount())}
    assert rows["13/09/2027"] == "đơn vị" and rows["03/09/2027"] == "đơn vị bỏ"
    # the month grid marks the new day as a holiday
    head = dlg.grid.horizontalHeaderItem(12)
    assert head.toolTip() == "Nghỉ bù Quốc khánh"
    _shot(dlg, "roster-holidays-vi.png")
    # officers see the list but cannot change it
    officer = Identity(5, "cb4", NAMES[4], "officer")
    dlg2 = _dialog(qtbot, sqlite_db, officer)
    assert not dlg2.holidays.save_btn.isEnabled()


def test_custom_template_is_saved_and_generates_the_month(qtbot: QtBot, sqlite_db: Database,
                                                          vi: None) -> None:
    _setup(sqlite_db)
    leader = Identity(1, "cb0", NAMES[0], "leader")
    dlg = _dialog(qtbot, sqlite_db, leader)
    page = dlg.templates
    dlg.tabs.setCurrentWidget(page)
    page.list.setCurrentRow([t.key for t in page.templates].index("2x12"))
    assert page.shifts.rowCount() == 2
    page.key.setText("ngay-2-truc-ban")
    page.name.setText("Hai ca 12 giờ, ngày 2 trực ban")
    page.shifts.item(0, ui.TEMPLATE_COLUMNS.index("desk")).setText("2")
    assert page.save()
    _shot(dlg, "roster-templates-vi.png")
    with sqlite_db.read() as s:
        t = roster.get_template(s, "ngay-2-truc-ban")
    assert t.shift("day").posts == {"desk": 2, "leader": 1}
    assert t.shift("night").night and t.day_start == "07:00"
    # a broken row is refused with the reason, nothing saved
    page.add_row()
    page.shifts.item(2, 0).setText("x")
    page.shifts.item(2, ui.TEMPLATE_COLUMNS.index("hours")).setText("30")
    page.key.setText("hong")
    shown: list[str] = []
    orig = ui.show_error
    ui.show_error = lambda _w, e: shown.append(str(e))  # type: ignore[assignment]
    try:
        assert not page.save()
        page.key.setText("2x12")
        assert not page.save()
    finally:
        ui.show_error = orig
    assert len(shown) == 2
    # the template combo of the month offers it; generating uses it
    i = dlg.template_combo.findData("ngay-2-truc-ban")
    assert i >= 0
    dlg.template_combo.setCurrentIndex(i)
    dlg.seconds.setValue(2)
    dlg.generate()
    with sqlite_db.read() as s:
        m = roster.get_month(s, MONTH)
        assert roster.month_template(m).key == "ngay-2-truc-ban"
        day_desks = [a for a in roster.assignments(s, m)
                     if a.day == date(2027, 9, 6) and a.shift_key == "day" and a.post == "desk"]
        assert len(day_desks) == 2


def test_english_tabs_fit_1366(qtbot: QtBot, sqlite_db: Database) -> None:
    _setup(sqlite_db)
    leader = Identity(1, "cb0", NAMES[0], "leader")
    dlg = _dialog(qtbot, sqlite_db, leader)
    assert [dlg.tabs.tabText(i) for i in range(3, 6)] == \
        ["Requests", "Public holidays", "Shift templates"]
    for page in (dlg.requests, dlg.holidays, dlg.templates):
        dlg.tabs.setCurrentWidget(page)
        assert dlg.minimumSizeHint().width() <= 1366
    _shot(dlg, "roster-requests-en.png")
