"""Tamper-evident audit log.

Every row stores SHA-256(prev_hash + canonical row content). The row is written in the
same transaction as the change it records (pass the caller's session). `verify` walks the
chain and names the first row that was edited, deleted or inserted out of chain; the
`audit_head` row catches a deleted tail.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from controlroom.records.models import AuditEntry, AuditHead
from controlroom.records.types import nfc
from controlroom.timeutil import utcnow

log = logging.getLogger(__name__)

GENESIS = "0" * 64
_PG_LOCK_KEY = 0x636F6E74726F6C  # advisory lock id for the audit chain


def _canonical(entry_id: int, ts: datetime, actor: str, action: str, object_type: str,
               object_id: str, detail: str) -> bytes:
    doc = [entry_id, ts.strftime("%Y-%m-%dT%H:%M:%S.%fZ"), actor, action, object_type,
           object_id, detail]
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def row_hash(prev_hash: str, entry_id: int, ts: datetime, actor: str, action: str,
             object_type: str, object_id: str, detail: str) -> str:
    h = hashlib.sha256(prev_hash.encode("ascii"))
    h.update(_canonical(entry_id, ts, actor, action, object_type, object_id, detail))
    return h.hexdigest()


def _usable_head(session: Session) -> AuditHead:
    """The head to chain from. Someone with write access to the database may have deleted
    `audit_head` or moved it behind the last row; chaining from it then would reuse an
    id and fail with a raw IntegrityError on every audited action. Instead the head is
    rebuilt from the last row and the repair is itself the next entry, so it shows in
    the log; `verify` and the signed checkpoints (audit_anchor) report the tampering.
    A head ahead of the last row (rows deleted at the tail) is kept: new rows then
    leave the gap visible to `verify`."""
    head = session.get(AuditHead, 1)
    last = session.execute(select(AuditEntry.id, AuditEntry.hash)
                           .order_by(AuditEntry.id.desc()).limit(1)).first()
    if last is None:
        if head is None:
            head = AuditHead(id=1, last_id=0, last_hash=GENESIS)
            session.add(head)
        return head
    last_id, last_hash = int(last[0]), str(last[1])
    if head is not None and head.last_id >= last_id:
        return head
    was = "missing" if head is None else f"{head.last_id}:{head.last_hash[:16]}"
    log.warning("audit_head %s while the log ends at row %s; rebuilt", was, last_id)
    if head is None:
        head = AuditHead(id=1, last_id=last_id, last_hash=last_hash)
        session.add(head)
    else:
        head.last_id, head.last_hash = last_id, last_hash
    _append(session, head, "system", "audit.head_rebuilt", "audit_head", "1",
            json.dumps({"head_was": was, "last_row": last_id}, sort_keys=True))
    return head


def _append(session: Session, head: AuditHead, actor: str, action: str, object_type: str,
            oid: str, payload: str) -> AuditEntry:
    ts = utcnow()
    entry_id = head.last_id + 1
    digest = row_hash(head.last_hash, entry_id, ts, actor, action, object_type, oid, payload)
    entry = AuditEntry(id=entry_id, ts=ts, actor=actor, action=action,
                       object_type=object_type, object_id=oid, detail=payload,
                       prev_hash=head.last_hash, hash=digest)
    session.add(entry)
    head.last_id, head.last_hash = entry_id, digest
    session.flush()
    return entry


def record(session: Session, actor: str, action: str, object_type: str = "",
           object_id: str | int = "", **detail: Any) -> AuditEntry:
    """Append one entry inside the caller's transaction."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK_KEY})
    head = _usable_head(session)
    payload = nfc(json.dumps(detail, ensure_ascii=False, sort_keys=True, default=str)) or "{}"
    oid = nfc(str(object_id)) or ""
    return _append(session, head, actor, action, object_type, oid, payload)


@dataclass
class VerifyResult:
    ok: bool
    rows: int
    bad_id: int | None = None
    problem: str = ""  # altered deleted out_of_chain tail_deleted head_missing head_behind

    def describe(self) -> tuple[str, str]:
        """(vi, en) sentence for the CLI."""
        if self.ok:
            return (f"Nhật ký kiểm toán nguyên vẹn: {self.rows} dòng.",
                    f"Audit log intact: {self.rows} rows.")
        what = {
            "altered": ("đã bị sửa", "was altered"),
            "deleted": ("có dòng bị xóa ngay trước nó", "follows a deleted row"),
            "out_of_chain": ("bị chèn hoặc đổi thứ tự ngoài chuỗi",
                             "was inserted or reordered out of chain"),
            "tail_deleted": ("là dòng cuối còn lại; các dòng sau nó đã bị xóa",
                             "is the last remaining row; rows after it were deleted"),
            "head_missing": ("là dòng cuối, nhưng bảng audit_head đã bị xóa",
                             "is the last row, but the audit_head table was emptied"),
            "head_behind": ("là dòng cuối, nhưng audit_head đã bị đặt lùi lại",
                            "is the last row, but audit_head was moved back"),
        }[self.problem]
        return (f"Nhật ký kiểm toán bị can thiệp: dòng {self.bad_id} {what[0]}.",
                f"Audit log tampered: row {self.bad_id} {what[1]}.")


_ROWS = text("SELECT id, ts, actor, action, object_type, object_id, detail, prev_hash, hash "
             "FROM audit_log ORDER BY id")


def stored_ts(value: Any) -> datetime:
    """The timestamp as stored (text on SQLite), parsed here so that a row whose ts was
    overwritten with garbage is reported as altered instead of crashing the check."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if not isinstance(value, datetime):
        raise TypeError("ts")
    return value


def verify(session: Session) -> VerifyResult:
    """Walk the chain in id order and name the first row that breaks it. Reads raw
    columns: whatever someone wrote into a row, it is reported, never a traceback."""
    prev_hash, prev_id, n = GENESIS, 0, 0
    for rid, ts, actor, action, otype, oid, detail, prev, digest in session.execute(_ROWS):
        n += 1
        try:
            recomputed = row_hash(prev, rid, stored_ts(ts), actor, action, otype, oid, detail)
        except (ValueError, TypeError, AttributeError, UnicodeError):
            recomputed = ""
        if recomputed != digest:
            return VerifyResult(False, n, rid, "altered")
        if prev != prev_hash:
            problem = "deleted" if rid > prev_id + 1 else "out_of_chain"
            return VerifyResult(False, n, rid, problem)
        if rid != prev_id + 1:
            return VerifyResult(False, n, rid, "deleted")
        prev_hash, prev_id = digest, rid
    head = session.get(AuditHead, 1)
    if head is None and n:
        return VerifyResult(False, n, prev_id, "head_missing")
    if head is not None and (head.last_id != prev_id or head.last_hash != prev_hash):
        return VerifyResult(False, n, prev_id,
                            "tail_deleted" if head.last_id > prev_id else "head_behind")
    return VerifyResult(True, n)
