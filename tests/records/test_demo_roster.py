"""The demo seeds a living roster: officers, published months, a filled shift dock."""

from __future__ import annotations

from controlroom.demo import seed_base
from controlroom.paths import DataHome
from controlroom.records import demo_roster, roster
from controlroom.records import handover as ho
from controlroom.records import roster_calendar as cal
from controlroom.records.db import Database
from controlroom.timeutil import to_local, utcnow


def test_demo_roster(sqlite_db: Database, home: DataHome) -> None:
    seed_base(sqlite_db)
    demo_roster.seed(sqlite_db, home)
    demo_roster.seed(sqlite_db, home)  # idempotent
    with sqlite_db.read() as s:
        assert len(roster.list_officers(s)) == len(demo_roster.OFFICERS)
        month = cal.month_key(to_local(utcnow()).date())
        assert roster.get_month(s, month).status == "published"
        assert roster.check_month(s, month) == []
        cur = ho.shift_at(s, utcnow())
        assert cur is not None and all(x.officer for x in cur.seats)
        pages = ho.listing(s)
        assert len(pages) == 4 and all(p.status == "acknowledged" for p in pages)
        assert [p.review for p in pages].count("pending") == 1
        assert ho.leader_queue(s)
