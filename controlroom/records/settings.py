"""Settings: declared once here (type, default, help), stored in the database.

Read everywhere through `get`; written through `set_value`, which validates and audits.
"""

from __future__ import annotations

import json
import math
import time
import weakref
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import event, select
from sqlalchemy.orm import Session

from controlroom.errors import InvalidInput, NotFound
from controlroom.i18n import Text
from controlroom.records import audit
from controlroom.records.models import Setting
from controlroom.records.users import Identity
from controlroom.timeutil import utcnow


@dataclass(frozen=True)
class Declared:
    key: str
    type: type
    default: Any
    help: Text
    minimum: float | None = None
    maximum: float | None = None


SETTINGS: dict[str, Declared] = {
    d.key: d
    for d in (
        Declared("post_name", str, "Công an xã",
                 Text("Tên đơn vị hiển thị trên cửa sổ, báo cáo và biên bản.",
                      "Unit name shown on the window, reports and records.")),
        Declared("time_zone", str, "Asia/Ho_Chi_Minh",
                 Text("Múi giờ hiển thị (lưu trữ luôn theo UTC).",
                      "Display time zone (storage is always UTC).")),
        Declared("retention_days", int, 30,
                 Text("Số ngày lưu giữ ghi hình (trừ đoạn đang bị giữ làm chứng cứ).",
                      "Days of recording kept (except ranges on evidence hold)."),
                 minimum=1, maximum=3650),
        Declared("min_free_percent", float, 5.0,
                 Text("Dung lượng trống tối thiểu của ổ ghi hình (%); thấp hơn thì xóa "
                      "đoạn cũ nhất.",
                      "Minimum free space on the recordings disk (%); below it the "
                      "oldest segments are deleted."),
                 minimum=0.5, maximum=50),
        Declared("report_period_start_day", int, 15,
                 Text("Ngày bắt đầu kỳ báo cáo hằng tháng (thống kê từ ngày 15 đến 14).",
                      "Day of month a report period starts (statistics run 15th–14th)."),
                 minimum=1, maximum=28),
        Declared("patrols_per_week", int, 2,
                 Text("Số lần tuần tra tối thiểu mỗi tuần (chỉ tiêu).",
                      "Minimum patrols a week (target)."),
                 minimum=1, maximum=21),
        Declared("fault_offline_minutes", int, 30,
                 Text("Camera mất kết nối quá số phút này thì đề xuất một lỗi trong sổ "
                      "bảo trì.",
                      "A camera offline longer than this many minutes gets a suggested "
                      "fault in the maintenance book."),
                 minimum=1, maximum=10080),
        Declared("meeting_reminder_days", int, 3,
                 Text("Nhắc họp giao ban tháng trước bao nhiêu ngày.",
                      "Days before the monthly meeting to remind."),
                 minimum=0, maximum=14),
        Declared("idle_lock_minutes", int, 10,
                 Text("Số phút không thao tác thì khóa màn hình điều khiển.",
                      "Minutes without input before the controls lock."),
                 minimum=1, maximum=240),
        Declared("segment_seconds", int, 60,
                 Text("Độ dài mỗi đoạn ghi hình (giây).", "Length of a recorded segment (s)."),
                 minimum=10, maximum=600),
        Declared("export_four_eyes", bool, True,
                 Text("Nguyên tắc hai người: người đề nghị trích xuất dữ liệu không được tự "
                      "duyệt yêu cầu của mình.",
                      "Four-eyes rule: whoever requests an evidence export may not approve "
                      "it.")),
        # tip register deadlines (issue 12; TTLT 01/2017, BLTTHS Art. 147)
        Declared("tip_remote_areas", str, "",
                 Text("Các thôn / tổ dân phố vùng xa (cách nhau bởi dấu phẩy): tin báo ở đó "
                      "được chuyển trong 48 giờ thay vì 24 giờ.",
                      "Remote villages (comma-separated): tips there are handed over within "
                      "48 hours instead of 24.")),
        Declared("tip_handoff_hours", int, 24,
                 Text("Hạn chuyển tin báo cho cơ quan điều tra (giờ).",
                      "Hours to hand a tip to the investigation agency."),
                 minimum=1, maximum=240),
        Declared("tip_handoff_hours_remote", int, 48,
                 Text("Hạn chuyển tin báo ở vùng xa (giờ).",
                      "Hours to hand over a tip from a remote area."),
                 minimum=1, maximum=240),
        Declared("tip_resolve_days", int, 20,
                 Text("Hạn giải quyết tin báo (ngày, có thể gia hạn).",
                      "Days to resolve a tip (extendable)."),
                 minimum=1, maximum=365),
        Declared("tip_reminder_hours", int, 6,
                 Text("Nhắc trước hạn chuyển tin báo (giờ).",
                      "Remind this many hours before the hand-off deadline."),
                 minimum=0, maximum=240),
        Declared("tip_reminder_days", int, 3,
                 Text("Nhắc trước hạn giải quyết tin báo (ngày).",
                      "Remind this many days before the resolution deadline."),
                 minimum=0, maximum=60),
        # duty roster (issue 11)
        Declared("roster_template", str, "2x12",
                 Text("Mẫu ca mặc định của lịch trực (2x12, 3x8 hoặc mẫu riêng).",
                      "Default shift template of the roster (2x12, 3x8 or a custom one).")),
        Declared("roster_min_rest_hours", float, 12.0,
                 Text("Số giờ nghỉ tối thiểu giữa hai ca của một người.",
                      "Minimum hours of rest between two shifts of one officer."),
                 minimum=0, maximum=48),
        Declared("roster_max_consecutive_nights", int, 3,
                 Text("Số ca đêm liên tiếp tối đa.", "Most night shifts in a row."),
                 minimum=1, maximum=14),
        Declared("roster_late_minutes", int, 15,
                 Text("Đến muộn quá số phút này sau giờ vào ca thì báo cho chỉ huy.",
                      "Minutes after the shift start before an officer is flagged late."),
                 minimum=1, maximum=240),
        Declared("roster_auto_checkin", bool, True,
                 Text("Tự động ghi giờ vào ca khi cán bộ trong ca đăng nhập.",
                      "Check the officer on shift in automatically at sign-in.")),
    )
}


def declared(key: str) -> Declared:
    try:
        return SETTINGS[key]
    except KeyError:
        raise NotFound("Không có thiết lập «{k}».", "No setting «{k}».", k=key) from None


_TRUE = ("1", "true", "yes", "on", "có", "co")
_FALSE = ("0", "false", "no", "off", "không", "khong")


def coerce(key: str, value: Any) -> Any:
    d = declared(key)
    try:
        if d.type is bool and isinstance(value, str):
            word = value.strip().lower()
            if word not in _TRUE + _FALSE:  # "maybe" is not "no"
                raise ValueError(word)
            v: Any = word in _TRUE
        else:
            v = d.type(value)
        if isinstance(v, float) and not math.isfinite(v):  # NaN passes every bound check
            raise ValueError(v)
    except (TypeError, ValueError, OverflowError):
        raise InvalidInput("Giá trị không hợp lệ cho «{k}»: {v}",
                           "Invalid value for «{k}»: {v}", k=key, v=str(value)[:80]) from None
    if isinstance(v, int | float) and not isinstance(v, bool) and (
        (d.minimum is not None and v < d.minimum) or (d.maximum is not None and v > d.maximum)
    ):
        raise InvalidInput("«{k}» phải trong khoảng {a}–{b}.", "«{k}» must be within {a}–{b}.",
                           k=key, a=d.minimum, b=d.maximum)
    if key == "time_zone":
        try:
            ZoneInfo(v)
        except (ZoneInfoNotFoundError, ValueError):
            raise InvalidInput("Múi giờ không tồn tại: {v}", "Unknown time zone: {v}",
                               v=v) from None
    if isinstance(v, str):
        v = v.strip()
        if not v and key == "post_name":
            raise InvalidInput("Tên đơn vị không được để trống.", "The unit name is required.")
    return v


def get(session: Session, key: str) -> Any:
    d = declared(key)
    row = session.get(Setting, key)
    return d.default if row is None else json.loads(row.value)


_KEY_VALUE = select(Setting.key, Setting.value)


def get_all(session: Session) -> dict[str, Any]:
    # Two columns through Core: no Setting objects built.
    stored = {k: json.loads(v) for k, v in session.execute(_KEY_VALUE)}
    return {k: stored.get(k, d.default) for k, d in SETTINGS.items()}


RECENT_SECONDS = 5.0
# Per database (Database, or the bind's pool for a bare Session): when read, the values.
_recent: weakref.WeakKeyDictionary[Any, tuple[float, Mapping[str, Any]]] = (
    weakref.WeakKeyDictionary())


def get_all_recent(session: Session, max_age: float = RECENT_SECONDS) -> Mapping[str, Any]:
    """`get_all`, reused for up to `max_age` seconds per database: for readers that run on
    every list page (the tip list's reminder marks). A change made through `set_value` in
    this process is seen at once (the entry is dropped when it is made and again when it
    commits); one made by another process or desk within `max_age` seconds."""
    key = _recent_key(session)
    now = time.monotonic()
    hit = _recent.get(key)
    if hit is not None and 0 <= now - hit[0] < max_age:
        return hit[1]
    values = MappingProxyType(get_all(session))
    _recent[key] = (now, values)
    return values


def _recent_key(session: Session) -> Any:
    return session.info.get("database") or session.get_bind().pool  # type: ignore[union-attr]


def _forget_recent(session: Session) -> None:
    _recent.pop(_recent_key(session), None)


def set_value(session: Session, actor: Identity, key: str, value: Any) -> Any:
    actor.require("admin")
    v = coerce(key, value)
    old = get(session, key)
    row = session.get(Setting, key)
    encoded = json.dumps(v, ensure_ascii=False)
    if row is None:
        session.add(Setting(key=key, value=encoded, updated_by=actor.username))
    else:
        row.value, row.updated_at, row.updated_by = encoded, utcnow(), actor.username
    audit.record(session, actor.username, "setting.change", "setting", key, old=old, new=v)
    _forget_recent(session)
    event.listen(session, "after_commit", _forget_recent, once=True)
    return v
