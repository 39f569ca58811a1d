"""Signed checkpoints that anchor the audit log outside the rows it protects.

The hash chain in `audit_log` (records/audit.py) shows an edited or removed row in the
middle, but whoever can write the database can also cut the tail, move `audit_head`
back, or empty the table, and the chain that is left is still a valid chain. So at
moments that matter (each export, shift handover, desk session start and sign-out,
`controlroom audit checkpoint`) the desk signs the newest row's id and hash with the
post's Ed25519 key (evidence/keys.py) and appends that checkpoint as one JSON line to
`<data home>/audit/checkpoints.jsonl`. A copy goes into the `audit_checkpoint` table and
into every export manifest, handover and report. `verify` then holds the log against
every checkpoint it can find: a checkpoint names row N with hash H, so the log must
still have row N with hash H.

Invariants:
- a checkpoint is signed over `SIGNED_PREFIX` + the canonical JSON of every field but
  `sig`; forging one needs the private key, which lives only in the OS keyring;
- lines are chained per desk (`seq` + 1, `prev` = SHA-256 of the previous line), so a
  line removed from the middle of the file shows;
- the file line is appended and fsynced inside the database transaction that adds its
  table copy: a failed append leaves no table row; a failed commit after the append
  leaves a line whose row may not exist, which verify reports (never silently);
- nothing here rewrites or deletes a checkpoint.

Threat model and which test holds each guarantee: docs/audit.md.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import os
import socket
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from controlroom.errors import UserError
from controlroom.evidence import keys
from controlroom.i18n import Text
from controlroom.oserror import describe
from controlroom.paths import DataHome
from controlroom.records import audit
from controlroom.records.db import Database
from controlroom.records.models import AuditCheckpoint, AuditEntry, SigningKey
from controlroom.records.types import nfc
from controlroom.records.users import SYSTEM, Identity
from controlroom.timeutil import as_utc, format_local, utcnow

log = logging.getLogger(__name__)

FORMAT = "controlroom-audit-checkpoint/1"
SIGNED_PREFIX = (FORMAT + "\n").encode("ascii")
FILE_NAME = "checkpoints.jsonl"
SIGNED_FIELDS = ("format", "seq", "desk", "time", "reason", "head_id", "head_hash", "prev",
                 "key")
GENESIS = "0" * 64


class NotAnchored(UserError):
    """No checkpoint could be signed: the post has no signing key yet."""


def checkpoint_file(home: DataHome) -> Path:
    return home.root / "audit" / FILE_NAME


def desk_id(home: DataHome) -> str:
    """Which desk wrote a checkpoint: host name plus a short hash of the data home, so
    that it survives the checkpoint file being deleted (a desk id stored in that file
    would not)."""
    digest = hashlib.sha256(str(home.root).encode("utf-8")).hexdigest()[:8]
    return f"{socket.gethostname()[:150]}:{digest}"


def _iso(dt: datetime) -> str:
    return as_utc(dt).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _parse_iso(s: str) -> datetime:
    return as_utc(datetime.strptime(s, "%Y-%m-%dT%H:%M:%S.%fZ"))


def signed_bytes(doc: dict[str, Any]) -> bytes:
    body = {k: doc[k] for k in SIGNED_FIELDS}
    return SIGNED_PREFIX + json.dumps(body, ensure_ascii=False, sort_keys=True,
                                      separators=(",", ":")).encode("utf-8")


def line_of(doc: dict[str, Any]) -> str:
    return json.dumps(doc, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _line_hash(line: str) -> str:
    return hashlib.sha256(line.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Checkpoint:
    """One signed checkpoint. `as_dict()` is what manifests, handovers and reports embed;
    `check_signature(doc, public_key)` verifies such a copy anywhere."""

    seq: int
    desk: str
    time: datetime
    reason: str
    head_id: int
    head_hash: str
    prev: str
    key: str  # signing key fingerprint (64 hex)
    sig: str  # base64 of the 64-byte Ed25519 signature

    def as_dict(self) -> dict[str, Any]:
        return {"format": FORMAT, "seq": self.seq, "desk": self.desk, "time": _iso(self.time),
                "reason": self.reason, "head_id": self.head_id, "head_hash": self.head_hash,
                "prev": self.prev, "key": self.key, "sig": self.sig}

    @property
    def line(self) -> str:
        return line_of(self.as_dict())

    @property
    def key_display(self) -> str:
        return keys.display_fingerprint(self.key)

    @classmethod
    def from_dict(cls, doc: Any) -> Checkpoint:
        """Raises ValueError when `doc` is not a well-formed checkpoint."""
        try:
            if not isinstance(doc, dict) or doc.get("format") != FORMAT:
                raise ValueError("not a checkpoint")
            cp = cls(int(doc["seq"]), str(doc["desk"]), _parse_iso(str(doc["time"])),
                     str(doc["reason"]), int(doc["head_id"]), str(doc["head_hash"]),
                     str(doc["prev"]), str(doc["key"]), str(doc["sig"]))
        except (KeyError, TypeError) as e:
            raise ValueError(f"malformed checkpoint: {e}") from None
        if type(doc["seq"]) is not int or type(doc["head_id"]) is not int:
            raise ValueError("malformed checkpoint: seq/head_id")
        if set(doc) != set(SIGNED_FIELDS) | {"sig"}:
            raise ValueError("malformed checkpoint: unexpected fields")
        return cp


def check_signature(doc: dict[str, Any], public_key: Ed25519PublicKey) -> bool:
    """Whether `doc` (a checkpoint dict as embedded anywhere) is signed by `public_key`."""
    try:
        Checkpoint.from_dict(doc)
        sig = base64.b64decode(str(doc["sig"]), validate=True)
    except ValueError:
        return False
    if keys.fingerprint(public_key) != doc["key"]:
        return False
    return keys.verify_signature(public_key, sig, signed_bytes(doc))


# -- reading the file ------------------------------------------------------------------------

@dataclass
class FileLine:
    number: int
    text: str
    checkpoint: Checkpoint | None  # None: unreadable


def read_file(home: DataHome) -> list[FileLine]:
    path = checkpoint_file(home)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return []
    out = []
    for n, raw in enumerate(data.split(b"\n"), 1):
        if not raw.strip():
            continue
        try:
            txt = raw.decode("utf-8")
            cp: Checkpoint | None = Checkpoint.from_dict(json.loads(txt))
        except (UnicodeDecodeError, ValueError):
            txt, cp = raw.decode("utf-8", "replace"), None
        out.append(FileLine(n, txt, cp))
    return out


def latest_checkpoint(home: DataHome) -> dict[str, Any] | None:
    """The newest checkpoint of this desk as a dict (format, seq, desk, time, reason,
    head_id, head_hash, prev, key, sig) to embed in a manifest, handover or report;
    None before the first checkpoint."""
    for fl in reversed(read_file(home)):
        if fl.checkpoint is not None:
            return fl.checkpoint.as_dict()
    return None


# -- writing ---------------------------------------------------------------------------------

def _last_row(session: Session) -> tuple[int, str]:
    row = session.execute(select(AuditEntry.id, AuditEntry.hash)
                          .order_by(AuditEntry.id.desc()).limit(1)).first()
    return (int(row[0]), str(row[1])) if row is not None else (0, audit.GENESIS)


def _append(path: Path, line: str) -> None:
    new_dir = not path.parent.exists()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
    try:
        data = (line + "\n").encode("utf-8")
        if os.write(fd, data) != len(data):
            raise OSError("short write")
        os.fsync(fd)
    finally:
        os.close(fd)
    if new_dir and hasattr(os, "O_DIRECTORY"):
        dfd = os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)


def _signer(db: Database, home: DataHome, actor: Identity, create_key: bool) -> keys.Signer:
    if not create_key:
        with db.read() as s:
            if keys.current_key(s) is None:
                raise NotAnchored(
                    "Chưa có khóa ký của đơn vị nên chưa ký được mốc kiểm toán "
                    "(chạy: controlroom audit checkpoint).",
                    "The post has no signing key yet, so no audit checkpoint was signed "
                    "(run: controlroom audit checkpoint).")
    return keys.signer(db, actor, home)


def checkpoint(db: Database, home: DataHome, reason: str, *,
               actor: Identity = SYSTEM, create_key: bool = False,
               signer: keys.Signer | None = None) -> Checkpoint:
    """Sign the audit log's newest row and append the checkpoint to this desk's file
    (and its copy to the database). Raises NotAnchored when there is no signing key
    (unless `create_key`), SecretStoreUnavailable without a keyring, or another
    UserError when the file cannot be written. Callers that must not fail because of
    anchoring use `try_checkpoint`."""
    signer = signer or _signer(db, home, actor, create_key)
    path = checkpoint_file(home)
    desk = desk_id(home)
    reason = (nfc(reason) or "")[:200]
    with db.session() as s:
        if s.get_bind().dialect.name == "postgresql":  # same lock as the chain's writers
            s.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": audit._PG_LOCK_KEY})
        head_id, head_hash = _last_row(s)
        lines = read_file(home)
        prev = _line_hash(lines[-1].text) if lines else GENESIS
        file_seq = max((fl.checkpoint.seq for fl in lines if fl.checkpoint), default=0)
        db_seq = s.scalar(select(AuditCheckpoint.seq).where(AuditCheckpoint.desk == desk)
                          .order_by(AuditCheckpoint.seq.desc()).limit(1)) or 0
        now = utcnow()
        doc: dict[str, Any] = {"format": FORMAT, "seq": max(file_seq, db_seq) + 1,
                               "desk": desk, "time": _iso(now), "reason": reason,
                               "head_id": head_id, "head_hash": head_hash, "prev": prev,
                               "key": signer.info.fingerprint}
        doc["sig"] = base64.b64encode(signer.sign(signed_bytes(doc))).decode("ascii")
        cp = Checkpoint.from_dict(doc)
        s.add(AuditCheckpoint(desk=desk, seq=cp.seq, ts=cp.time, reason=reason,
                              head_id=head_id, head_hash=head_hash, key_fingerprint=cp.key,
                              line=cp.line))
        s.flush()
        try:
            _append(path, cp.line)
        except OSError as e:
            raise UserError("Không ghi được mốc kiểm toán vào {p}: {m}",
                            "Cannot write the audit checkpoint to {p}: {m}",
                            p=path, m=describe(e)) from None
    return cp


def try_checkpoint(db: Database, home: DataHome, reason: str, *,
                   actor: Identity = SYSTEM) -> Checkpoint | None:
    """`checkpoint` for moments that must go on even if anchoring fails (session start
    and end, handover): logs a warning and returns None instead of raising. Never
    creates a signing key."""
    try:
        return checkpoint(db, home, reason, actor=actor)
    except NotAnchored as e:
        log.info("no audit checkpoint (%s): %s", reason, e.en)
    except UserError as e:
        log.warning("audit checkpoint failed (%s): %s", reason, e.en)
    except Exception:  # an anchoring fault must never stop a sign-out or a recorder
        log.exception("audit checkpoint failed (%s)", reason)
    return None


# -- verifying -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Finding:
    kind: str
    text: Text
    checkpoint: Checkpoint | None = None
    source: str = ""


@dataclass
class AnchorReport:
    chain: audit.VerifyResult
    rows: int = 0  # rows in the log
    last_id: int = 0
    checkpoints: int = 0  # distinct valid checkpoints held against the log
    latest: Checkpoint | None = None  # newest valid checkpoint that the log agrees with
    findings: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.chain.ok and not self.findings

    @property
    def contradicted(self) -> Finding | None:
        """The newest checkpoint the log contradicts (truncation, rollback, wipe)."""
        hits = [f for f in self.findings if f.checkpoint is not None and f.kind in
                ("truncated", "wiped", "rewritten", "row_missing")]
        return max(hits, key=lambda f: (f.checkpoint.time, f.checkpoint.head_id)  # type: ignore[union-attr]
                   ) if hits else None

    def lines(self, zone: str = "Asia/Ho_Chi_Minh") -> list[Text]:
        out = [Text(*self.chain.describe())]
        worst = self.contradicted
        if worst is not None and worst.checkpoint is not None:
            cp = worst.checkpoint
            out.append(Text(
                "MỐC KIỂM TOÁN BỊ MÂU THUẪN: mốc #{n} lúc {t} ({r}, {src}) ghi dòng {i} "
                "với mã băm {h}…",
                "AUDIT CHECKPOINT CONTRADICTED: checkpoint #{n} of {t} ({r}, {src}) "
                "recorded row {i} with hash {h}…").format(
                n=cp.seq, t=format_local(cp.time, zone), r=cp.reason or "-", src=worst.source,
                i=cp.head_id, h=cp.head_hash[:16]))
        out += [f.text for f in self.findings]
        if self.latest is not None:
            cp = self.latest
            after = self.last_id - cp.head_id
            out.append(Text(
                "Mốc kiểm toán mới nhất khớp: #{n} lúc {t} ({r}), dòng {i}, khóa {k}; "
                "{a} dòng sau mốc chỉ được chuỗi băm bảo vệ.",
                "Newest matching checkpoint: #{n} of {t} ({r}), row {i}, key {k}; "
                "{a} row(s) after it are protected by the chain only.").format(
                n=cp.seq, t=format_local(cp.time, zone), r=cp.reason or "-", i=cp.head_id,
                k=cp.key_display[:26] + "…", a=max(after, 0)))
        elif self.ok:
            out.append(Text(
                "Chưa có mốc kiểm toán nào: phần cuối nhật ký bị cắt sẽ không phát hiện "
                "được. Chạy: controlroom audit checkpoint",
                "No audit checkpoint yet: a cut tail could not be detected. "
                "Run: controlroom audit checkpoint"))
        return out


def _public_keys(session: Session) -> dict[str, Ed25519PublicKey]:
    out = {}
    for row in session.scalars(select(SigningKey)):
        try:
            out[row.fingerprint] = keys.load_public_pem(row.public_pem.encode("ascii"))
        except ValueError:
            continue
    return out


def exported_checkpoints(home: DataHome) -> Iterable[tuple[str, Any]]:
    """Checkpoints carried by the post's own copies of its exports' manifests."""
    root = home.root / "exports"
    if not root.is_dir():
        return
    for m in sorted(root.glob("*/manifest.json")):
        try:
            doc = json.loads(m.read_text("utf-8")).get("audit_checkpoint")
        except (OSError, ValueError, AttributeError):
            continue
        if doc is not None:
            yield f"exports/{m.parent.name}/manifest.json", doc


def load_external(path: Path) -> list[tuple[str, Any]]:
    """Checkpoints from a file an investigator or leader brings: an export's
    manifest.json, a checkpoints.jsonl copy, or one checkpoint as JSON."""
    try:
        raw = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise UserError("Không đọc được {p}: {m}", "Cannot read {p}: {m}", p=path,
                        m=str(e)) from None
    try:
        doc = json.loads(raw)
        docs = [doc.get("audit_checkpoint", doc)] if isinstance(doc, dict) else []
    except ValueError:
        docs = []
        for ln in raw.splitlines():
            try:
                docs.append(json.loads(ln))
            except ValueError:
                continue
    return [(str(path), d) for d in docs]


def verify(session: Session, home: DataHome,
           external: Iterable[tuple[str, Any]] = ()) -> AnchorReport:
    """The chain check plus every checkpoint: this desk's file, the table copies of
    every desk, the checkpoints in the post's export copies, and `external` ones."""
    rep = AnchorReport(audit.verify(session))
    rep.rows = int(session.scalar(text("SELECT count(*) FROM audit_log")) or 0)
    rep.last_id = _last_row(session)[0]
    pubs = _public_keys(session)
    desk = desk_id(home)
    add = rep.findings.append
    seen: dict[str, tuple[Checkpoint, str]] = {}  # line -> (checkpoint, first source)
    rejected: set[str] = set()

    def accept(cp: Checkpoint, source: str) -> bool:
        if cp.line in seen:
            return True
        if cp.line in rejected:
            return False
        rejected.add(cp.line)
        pub = pubs.get(cp.key)
        if pub is None:
            add(Finding("unknown_key", Text(
                "Mốc #{n} ({s}) ký bằng khóa {k} không có trong sổ khóa của đơn vị.",
                "Checkpoint #{n} ({s}) is signed by key {k}, not in the post's key "
                "register.").format(n=cp.seq, s=source, k=cp.key_display[:26] + "…"), cp,
                source))
            return False
        if not check_signature(cp.as_dict(), pub):
            add(Finding("bad_signature", Text(
                "Mốc #{n} ({s}) có chữ ký KHÔNG hợp lệ (bị sửa hoặc giả mạo).",
                "Checkpoint #{n} ({s}) has an INVALID signature (edited or forged).")
                .format(n=cp.seq, s=source), cp, source))
            return False
        rejected.discard(cp.line)
        seen[cp.line] = (cp, source)
        return True

    for rid, detail in session.execute(select(AuditEntry.id, AuditEntry.detail)
                                       .where(AuditEntry.action == "audit.head_rebuilt")):
        add(Finding("head_rebuilt", Text(
            "Dòng {i} ghi rằng audit_head đã bị xóa hoặc đặt lùi ({d}) và được dựng lại.",
            "Row {i} records that audit_head had been deleted or moved back ({d}) and was "
            "rebuilt.").format(i=rid, d=detail), None, f"audit_log #{rid}"))

    # 1. this desk's file: readable, chained, signed
    lines = read_file(home)
    file_seqs: dict[int, str] = {}
    prev, last_seq = GENESIS, 0
    for fl in lines:
        src = f"{FILE_NAME}:{fl.number}"
        cp = fl.checkpoint
        if cp is None:
            add(Finding("unreadable", Text("Dòng {n} của {f} không đọc được.",
                                           "Line {n} of {f} is unreadable.")
                        .format(n=fl.number, f=FILE_NAME), None, src))
        else:
            if cp.prev != prev or cp.seq <= last_seq:
                add(Finding("file_gap", Text(
                    "Tệp mốc kiểm toán bị cắt, xóa dòng hoặc đổi thứ tự trước mốc #{n} "
                    "(dòng {l}).",
                    "The checkpoint file had lines removed or reordered before checkpoint "
                    "#{n} (line {l}).").format(n=cp.seq, l=fl.number), cp, src))
            if accept(cp, src) and cp.desk == desk:
                file_seqs[cp.seq] = fl.text
            last_seq = max(last_seq, cp.seq)
        prev = _line_hash(fl.text)

    # 2. the table copies (every desk); this desk's must match its file line for line
    for row in session.scalars(select(AuditCheckpoint).order_by(AuditCheckpoint.id)):
        src = f"audit_checkpoint #{row.id}"
        try:
            cp = Checkpoint.from_dict(json.loads(row.line))
        except ValueError:
            add(Finding("unreadable", Text("Bản sao mốc {s} trong cơ sở dữ liệu không đọc "
                                           "được.", "Checkpoint copy {s} in the database is "
                                           "unreadable.").format(s=src), None, src))
            continue
        if not accept(cp, src):
            continue
        if cp.desk == desk:
            if row.seq not in file_seqs:
                add(Finding("file_missing", Text(
                    "Mốc #{n} có trong cơ sở dữ liệu nhưng KHÔNG có trong tệp {f} "
                    "(tệp bị xóa, cắt hoặc sửa).",
                    "Checkpoint #{n} is in the database but NOT in {f} (the file was "
                    "deleted, cut or edited).").format(n=row.seq, f=FILE_NAME), cp, src))
            elif file_seqs.pop(row.seq) != row.line:
                add(Finding("copy_differs", Text(
                    "Mốc #{n}: bản trong cơ sở dữ liệu khác dòng trong tệp.",
                    "Checkpoint #{n}: the database copy differs from the file line.")
                    .format(n=row.seq), cp, src))
    for seq in sorted(file_seqs):
        add(Finding("db_copy_missing", Text(
            "Mốc #{n} có trong tệp nhưng bản sao trong cơ sở dữ liệu đã bị xóa.",
            "Checkpoint #{n} is in the file but its database copy was deleted.")
            .format(n=seq), None, FILE_NAME))

    # 3. checkpoints carried outside: the post's export copies, and what was brought in
    for source, doc in [*exported_checkpoints(home), *external]:
        try:
            cp = Checkpoint.from_dict(doc)
        except ValueError:
            add(Finding("unreadable", Text("Mốc kiểm toán trong {s} sai định dạng.",
                                           "The audit checkpoint in {s} is malformed.")
                        .format(s=source), None, source))
            continue
        accept(cp, source)

    # 4. the log against every valid checkpoint
    valid = sorted(seen.values(), key=lambda v: (v[0].time, v[0].head_id))
    rep.checkpoints = len(valid)
    wanted = {cp.head_id for cp, _ in valid if cp.head_id > 0}
    hashes: dict[int, str] = {}
    ids = sorted(wanted)
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        for rid, h in session.execute(select(AuditEntry.id, AuditEntry.hash)
                                      .where(AuditEntry.id.in_(chunk))):
            hashes[int(rid)] = str(h)
    for cp, source in valid:
        if cp.head_id == 0:
            ok = True
        elif cp.head_id in hashes:
            ok = hashes[cp.head_id] == cp.head_hash
            if not ok:
                add(Finding("rewritten", Text(
                    "Dòng {i} hiện có mã băm khác mốc #{n} — nhật ký đã bị quay lui và ghi lại.",
                    "Row {i} now has a different hash than checkpoint #{n} recorded — the "
                    "log was rolled back and rewritten.").format(i=cp.head_id, n=cp.seq),
                    cp, source))
        elif rep.rows == 0:
            ok = False
            add(Finding("wiped", Text(
                "Nhật ký kiểm toán trống, nhưng mốc #{n} ghi nó đã có dòng {i} — đã bị xóa sạch.",
                "The audit log is empty, but checkpoint #{n} recorded row {i} — it was "
                "wiped.").format(n=cp.seq, i=cp.head_id), cp, source))
        elif cp.head_id > rep.last_id:
            ok = False
            add(Finding("truncated", Text(
                "Nhật ký kết thúc ở dòng {l}, nhưng mốc #{n} ghi đã có dòng {i} — phần cuối "
                "đã bị cắt.",
                "The log ends at row {l}, but checkpoint #{n} recorded row {i} — its tail "
                "was cut.").format(l=rep.last_id, n=cp.seq, i=cp.head_id), cp, source))
        else:
            ok = False
            add(Finding("row_missing", Text(
                "Dòng {i} mà mốc #{n} ghi lại đã bị xóa.",
                "Row {i}, recorded by checkpoint #{n}, was deleted.")
                .format(i=cp.head_id, n=cp.seq), cp, source))
        if ok and (rep.latest is None or cp.head_id >= rep.latest.head_id):
            rep.latest = cp
    return rep
