"""The patrol book (sổ tuần tra): who went, where, what they found.

A patrol team should have a leader (head or deputy of the steering board), at least one
police officer, a village head and a village militia head (Khóa an toàn model, seed 002
Art. 8); a team without one is still written down — the book records what happened — but
`missing_roles` names the gap so the form and the CLI can warn. The target is the
`patrols_per_week` setting (at least 2), counted per local Monday-to-Sunday week.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from controlroom.errors import InvalidInput, NotFound
from controlroom.records import audit, incidents, settings
from controlroom.records.models import PATROL_ROLES, Incident, Patrol, PatrolMember
from controlroom.records.users import Identity
from controlroom.textutil import nfc
from controlroom.timeutil import DEFAULT_TZ, as_utc, utcnow

REQUIRED_ROLES = ("leader", "police", "village_head", "militia_head")
ROLE_NAMES = {
    "leader": ("Chỉ huy (trưởng/phó ban)", "Leader (head or deputy)"),
    "police": ("Công an", "Police officer"),
    "village_head": ("Trưởng thôn / tổ trưởng TDP", "Village head"),
    "militia_head": ("Thôn đội trưởng", "Village militia head"),
    "member": ("Thành viên", "Member"),
}
ROLE_ALIASES = {"chi_huy": "leader", "cong_an": "police", "truong_thon": "village_head",
                "thon_doi_truong": "militia_head", "thanh_vien": "member"}


@dataclass
class PatrolInput:
    start: datetime
    end: datetime
    leader: str
    members: list[tuple[str, str]] = field(default_factory=list)  # (name, role)
    route: str = ""
    findings: str = ""
    incident_ids: list[int] = field(default_factory=list)
    incident_refs: list[str] = field(default_factory=list)  # codes "0042/2026" or ids


def parse_member(text: str) -> tuple[str, str]:
    """`Name:role` (role one of PATROL_ROLES or a Vietnamese alias); no role = member."""
    name, _, role = text.rpartition(":") if ":" in text else (text, "", "member")
    role = ROLE_ALIASES.get(role.strip().lower(), role.strip().lower()) or "member"
    if role not in PATROL_ROLES:
        raise InvalidInput("Vai trò không hợp lệ: «{r}» (dùng {all}).",
                           "Invalid role: «{r}» (use {all}).", r=role,
                           all=", ".join(PATROL_ROLES))
    if not name.strip():
        raise InvalidInput("Thiếu tên thành viên tổ tuần tra.", "A patrol member has no name.")
    return name.strip(), role


def missing_roles(roles: list[str]) -> list[str]:
    return [r for r in REQUIRED_ROLES if r not in roles]


def missing_text(missing: list[str]) -> tuple[str, str]:
    vi = ", ".join(ROLE_NAMES[r][0] for r in missing)
    en = ", ".join(ROLE_NAMES[r][1] for r in missing)
    return (f"Tổ tuần tra thiếu: {vi}.", f"The patrol team lacks: {en}.")


def add(s: Session, actor: Identity, p: PatrolInput) -> Patrol:
    start, end = as_utc(p.start), as_utc(p.end)
    if end <= start:
        raise InvalidInput("Giờ kết thúc tuần tra phải sau giờ bắt đầu.",
                           "The patrol must end after it starts.")
    if end - start > timedelta(hours=24):
        raise InvalidInput("Một lần tuần tra không quá 24 giờ.",
                           "A patrol lasts at most 24 hours.")
    if not p.leader.strip():
        raise InvalidInput("Cần ghi người chỉ huy tổ tuần tra.", "The patrol needs a leader.")
    for iid in p.incident_ids:
        if s.get(Incident, iid) is None:
            raise NotFound("Không có vụ việc số {i}.", "No incident {i}.", i=iid)
    linked = list(dict.fromkeys(
        [*p.incident_ids, *(incidents.get(s, ref).id for ref in p.incident_refs
                            if ref.strip())]))
    row = Patrol(start_utc=start, end_utc=end, route=nfc(p.route.strip()),
                 findings=nfc(p.findings.strip()), incident_ids=json.dumps(linked),
                 created_by=actor.username)
    row.members.append(PatrolMember(name=nfc(p.leader.strip()), role="leader"))
    for name, role in p.members:
        if name.strip() and not (role == "leader" and name.strip() == p.leader.strip()):
            row.members.append(PatrolMember(name=nfc(name.strip()), role=role))
    s.add(row)
    s.flush()
    audit.record(s, actor.username, "patrol.add", "patrol", row.id,
                 start=start.isoformat(), end=end.isoformat(),
                 members=[(m.name, m.role) for m in row.members],
                 missing=missing_roles([m.role for m in row.members]), incidents=linked)
    return row


def linked_codes(s: Session, row: Patrol) -> list[str]:
    ids = [int(x) for x in json.loads(row.incident_ids or "[]")]
    return [c for (c,) in s.execute(select(Incident.code).where(Incident.id.in_(ids)))]


def get(s: Session, patrol_id: int) -> Patrol:
    row = s.get(Patrol, patrol_id)
    if row is None:
        raise NotFound("Không có lần tuần tra số {i}.", "No patrol {i}.", i=patrol_id)
    return row


def in_range(s: Session, start: datetime, end: datetime) -> list[Patrol]:
    q = (select(Patrol).options(selectinload(Patrol.members))
         .where(Patrol.start_utc >= start, Patrol.start_utc < end).order_by(Patrol.start_utc))
    return list(s.scalars(q))


def week_start(moment: datetime, zone: str = DEFAULT_TZ) -> date:
    d = as_utc(moment).astimezone(ZoneInfo(zone)).date()
    return d - timedelta(days=d.weekday())


def week_bounds(moment: datetime, zone: str = DEFAULT_TZ) -> tuple[datetime, datetime]:
    monday = week_start(moment, zone)
    z = ZoneInfo(zone)
    a = datetime(monday.year, monday.month, monday.day, tzinfo=z)
    return as_utc(a), as_utc(a + timedelta(days=7))


@dataclass(frozen=True)
class WeekCount:
    done: int
    target: int


def this_week(s: Session, now: datetime | None = None, zone: str = DEFAULT_TZ) -> WeekCount:
    a, b = week_bounds(now or utcnow(), zone)
    done = len(in_range(s, a, b))
    return WeekCount(done, int(settings.get(s, "patrols_per_week")))
