"""The tip vault: informants' identities encrypted at rest (envelope encryption).

Each identity is AES-256-GCM encrypted under its own random data key (DEK); the DEK is
stored wrapped (AES-256-GCM) under a key-encryption key (KEK) that lives only in the OS
keyring (controlroom/secrets.py), under `tip-kek-v<N>`. The database holds the version
number, the wrapped DEK and the ciphertext — never a key and never the identity in clear.
Both encryptions bind the tip id as associated data, so a ciphertext moved to another tip
does not decrypt.

Rotation makes a new KEK version, rewraps every DEK under it in one transaction (the
identities themselves are not re-encrypted) and marks the old version retired. Retired
KEKs stay in the keyring so that older backups can still be read; deleting one is a
deliberate act (`purge_retired`).

Invariants:
- The identity never appears in clear in the database file, its WAL, backups, logs,
  exports, audit details or error messages (tests/records/test_tips.py greps the bytes).
- Plaintext is padded to a multiple of PAD bytes so the ciphertext length does not tell
  the name's length.
- Deleting an identity deletes its row; SQLite runs with `secure_delete` so the freed
  page is zeroed.
"""

from __future__ import annotations

import base64
import json
import os
from dataclasses import asdict, dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from controlroom import secrets
from controlroom.errors import SecretStoreUnavailable, UserError
from controlroom.paths import DataHome
from controlroom.records import audit
from controlroom.records.models import TipInformant, TipKey
from controlroom.records.types import nfc
from controlroom.records.users import Identity
from controlroom.timeutil import utcnow

NONCE = 12
PAD = 256


@dataclass(frozen=True)
class Informant:
    name: str = ""
    phone: str = ""
    address: str = ""
    id_number: str = ""

    def is_empty(self) -> bool:
        return not any((self.name, self.phone, self.address, self.id_number))

    def normalised(self) -> Informant:
        return Informant(*((nfc(v) or "").strip() for v in
                           (self.name, self.phone, self.address, self.id_number)))


def _keyring_name(version: int) -> str:
    return f"tip-kek-v{version}"


def _vault_error() -> UserError:
    return SecretStoreUnavailable(
        "Không đọc được khóa của sổ tin báo trong kho khóa của hệ điều hành; danh tính "
        "người báo tin không giải mã được.",
        "The tip register's key is not in the OS keyring; the informant's identity "
        "cannot be decrypted.")


def _load_kek(version: int, home: DataHome) -> bytes:
    raw = secrets.load(_keyring_name(version), home)
    if not raw:
        raise _vault_error()
    return base64.b64decode(raw)


def _new_version(session: Session, home: DataHome) -> TipKey:
    top = session.scalar(select(func.max(TipKey.version))) or 0
    version = int(top) + 1
    secrets.store(_keyring_name(version), base64.b64encode(AESGCM.generate_key(256)).decode(),
                  home)
    row = TipKey(version=version, keyring_name=_keyring_name(version), created_at=utcnow())
    session.add(row)
    session.flush()
    return row


def current_version(session: Session, home: DataHome) -> int:
    """The active KEK version, made on first use."""
    row = session.scalar(select(TipKey).where(TipKey.retired_at.is_(None))
                         .order_by(TipKey.version.desc()).limit(1))
    if row is None:
        row = _new_version(session, home)
    return int(row.version)


def _seal(key: bytes, plain: bytes, aad: bytes) -> bytes:
    nonce = os.urandom(NONCE)
    return nonce + AESGCM(key).encrypt(nonce, plain, aad)


def _open(key: bytes, sealed: bytes, aad: bytes) -> bytes:
    return AESGCM(key).decrypt(sealed[:NONCE], sealed[NONCE:], aad)


def _aad(kind: str, tip_id: int) -> bytes:
    return f"controlroom:{kind}:{tip_id}".encode()


def store(session: Session, home: DataHome, tip_id: int, who: Informant) -> TipInformant:
    """Encrypt and store (or replace) a tip's informant identity."""
    who = who.normalised()
    version = current_version(session, home)
    kek = _load_kek(version, home)
    dek = AESGCM.generate_key(256)
    plain = json.dumps(asdict(who), ensure_ascii=False).encode()
    plain += b" " * (-len(plain) % PAD)
    row = session.get(TipInformant, tip_id)
    if row is None:
        row = TipInformant(tip_id=tip_id)
        session.add(row)
    row.key_version = version
    row.wrapped_key = _seal(kek, dek, _aad("dek", tip_id))
    row.ciphertext = _seal(dek, plain, _aad("informant", tip_id))
    session.flush()
    return row


def load(session: Session, home: DataHome, tip_id: int) -> Informant | None:
    """Decrypt a tip's informant identity (None when anonymous). Callers show it only
    after the reveal is audited (records/tips.py `reveal`)."""
    row = session.get(TipInformant, tip_id)
    if row is None:
        return None
    kek = _load_kek(row.key_version, home)
    try:
        dek = _open(kek, row.wrapped_key, _aad("dek", tip_id))
        doc = json.loads(_open(dek, row.ciphertext, _aad("informant", tip_id)).decode())
    except (InvalidTag, ValueError):
        raise UserError("Dữ liệu danh tính của tin báo bị hỏng hoặc sai khóa.",
                        "The tip's identity data is damaged or under the wrong key.") from None
    return Informant(**{k: str(doc.get(k, "")) for k in Informant.__dataclass_fields__})


def erase(session: Session, tip_id: int) -> bool:
    row = session.get(TipInformant, tip_id)
    if row is None:
        return False
    session.delete(row)
    session.flush()
    return True


@dataclass(frozen=True)
class VaultStatus:
    """What the rotation dialog shows: the active KEK version (None before the first
    identity is stored), how many identities are stored, and the retired versions."""

    version: int | None
    identities: int
    retired: tuple[int, ...]


def status(session: Session) -> VaultStatus:
    """Read-only: no key is made (unlike `current_version`)."""
    active = session.scalar(select(func.max(TipKey.version)).where(TipKey.retired_at.is_(None)))
    retired = tuple(int(v) for v in session.scalars(
        select(TipKey.version).where(TipKey.retired_at.is_not(None)).order_by(TipKey.version)))
    count = session.scalar(select(func.count()).select_from(TipInformant)) or 0
    return VaultStatus(None if active is None else int(active), int(count), retired)


def rotate(session: Session, actor: Identity, home: DataHome) -> int:
    """A new KEK; every DEK rewrapped under it; older versions retired. Returns the new
    version. Admin only."""
    actor.require("admin")
    old_versions = [int(v) for v in session.scalars(
        select(TipKey.version).where(TipKey.retired_at.is_(None)))]
    keks = {v: _load_kek(v, home) for v in session.scalars(
        select(TipInformant.key_version).distinct())}
    new = _new_version(session, home)
    new_kek = _load_kek(new.version, home)
    count = 0
    for row in session.scalars(select(TipInformant)):
        try:
            dek = _open(keks[row.key_version], row.wrapped_key, _aad("dek", row.tip_id))
        except InvalidTag:
            raise UserError("Khóa bọc của tin báo {i} không giải được; dừng xoay khóa.",
                            "The wrapped key of tip {i} does not open; rotation stopped.",
                            i=row.tip_id) from None
        row.wrapped_key = _seal(new_kek, dek, _aad("dek", row.tip_id))
        row.key_version = new.version
        count += 1
    now = utcnow()
    for key in session.scalars(select(TipKey).where(TipKey.version.in_(old_versions))):
        key.retired_at = now
    audit.record(session, actor.username, "tip_key.rotate", "tip_key", new.version,
                 rewrapped=count, retired=old_versions)
    return int(new.version)


def purge_retired(session: Session, actor: Identity, home: DataHome) -> list[int]:
    """Delete retired KEKs that no identity uses from the keyring (older backups lose
    their identities)."""
    actor.require("admin")
    used = set(session.scalars(select(TipInformant.key_version).distinct()))
    purged = []
    for key in session.scalars(select(TipKey).where(TipKey.retired_at.is_not(None))):
        if key.version not in used and secrets.load(key.keyring_name, home):
            secrets.delete(key.keyring_name, home)
            purged.append(int(key.version))
    if purged:
        audit.record(session, actor.username, "tip_key.purge", "tip_key", "", versions=purged)
    return purged
