"""The post's Ed25519 signing key.

The private half lives only in the OS keyring (controlroom.secrets); the public half of
every key the post has ever used stays in the `signing_key` table, so rotating the key
never stops older exports from verifying. The fingerprint is SHA-256 of the raw 32-byte
public key; it is printed on the paper custody record so a court can tie the USB to the
paper without trusting our software.

Demo/test installations (CONTROLROOM_KEYRING=demo) get keys marked demo=True, and the
PDF and README then say DEMO KEY in large letters.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from sqlalchemy import select
from sqlalchemy.orm import Session

from controlroom import secrets
from controlroom.errors import SecretStoreUnavailable
from controlroom.paths import DataHome, data_home
from controlroom.records import audit
from controlroom.records.db import Database
from controlroom.records.models import SigningKey
from controlroom.records.users import Identity
from controlroom.timeutil import utcnow


@dataclass(frozen=True)
class KeyInfo:
    """Public facts about one signing key."""

    fingerprint: str  # 64 hex digits
    public_pem: str
    demo: bool
    keyring_name: str

    @property
    def display(self) -> str:
        return display_fingerprint(self.fingerprint)


def raw_public(pub: Ed25519PublicKey) -> bytes:
    return pub.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def fingerprint(pub: Ed25519PublicKey) -> str:
    return hashlib.sha256(raw_public(pub)).hexdigest()


def display_fingerprint(hex_fp: str) -> str:
    """'SHA256:ab12 cd34 …' — groups of four so a person can compare it aloud."""
    return "SHA256:" + " ".join(hex_fp[i:i + 4] for i in range(0, len(hex_fp), 4))


def public_pem(pub: Ed25519PublicKey) -> str:
    return pub.public_bytes(serialization.Encoding.PEM,
                            serialization.PublicFormat.SubjectPublicKeyInfo).decode("ascii")


def load_public_pem(data: bytes) -> Ed25519PublicKey:
    key = serialization.load_pem_public_key(data)
    if not isinstance(key, Ed25519PublicKey):
        raise ValueError("not an Ed25519 public key")
    return key


def verify_signature(pub: Ed25519PublicKey, signature: bytes, data: bytes) -> bool:
    try:
        pub.verify(signature, data)
    except InvalidSignature:
        return False
    return True


class Signer:
    """A loaded private key. Kept only as long as an export needs it."""

    def __init__(self, private: Ed25519PrivateKey, info: KeyInfo) -> None:
        self._private = private
        self.info = info

    def sign(self, data: bytes) -> bytes:
        return self._private.sign(data)


def _keyring_name(fp: str) -> str:
    return f"signing-key-{fp[:32]}"


def _generate(home: DataHome) -> tuple[Ed25519PrivateKey, KeyInfo]:
    """A new key whose private half is already in the keyring (raises if it cannot be)."""
    private = Ed25519PrivateKey.generate()
    pub = private.public_key()
    fp = fingerprint(pub)
    pem = private.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption()).decode("ascii")
    name = _keyring_name(fp)
    secrets.store(name, pem, home)  # SecretStoreUnavailable when no secure keyring
    if secrets.load(name, home) != pem:
        raise SecretStoreUnavailable(
            "Kho khóa của hệ điều hành không lưu được khóa ký.",
            "The OS keyring did not keep the signing key.")
    return private, KeyInfo(fp, public_pem(pub), secrets.is_demo(), name)


def _current_row(session: Session) -> SigningKey | None:
    return session.scalar(
        select(SigningKey)
        .where(SigningKey.retired_at.is_(None), SigningKey.demo == secrets.is_demo())
        .order_by(SigningKey.created_at.desc(), SigningKey.id.desc()))


def current_key(session: Session) -> KeyInfo | None:
    row = _current_row(session)
    return None if row is None else KeyInfo(row.fingerprint, row.public_pem, row.demo,
                                            row.keyring_name)


def known_keys(session: Session) -> list[SigningKey]:
    return list(session.scalars(select(SigningKey).order_by(SigningKey.created_at)))


def is_known(session: Session, fp: str) -> SigningKey | None:
    return session.scalar(select(SigningKey).where(SigningKey.fingerprint == fp))


def signer(db: Database, actor: Identity, home: DataHome | None = None) -> Signer:
    """The current signing key, created on first need (audited)."""
    home = home or data_home()
    with db.read() as s:
        row = _current_row(s)
        info = None if row is None else KeyInfo(row.fingerprint, row.public_pem, row.demo,
                                                row.keyring_name)
    if info is None:
        private, info = _generate(home)
        with db.session() as s:
            s.add(SigningKey(fingerprint=info.fingerprint, public_pem=info.public_pem,
                             keyring_name=info.keyring_name, demo=info.demo))
            audit.record(s, actor.username, "key.create", "signing_key", info.fingerprint,
                         demo=info.demo)
        return Signer(private, info)
    pem = secrets.load(info.keyring_name, home)
    if pem is None:
        raise SecretStoreUnavailable(
            "Khóa ký {f} không có trong kho khóa của máy này. Quản trị viên cần tạo khóa "
            "mới (Quản trị → Khóa ký → Đổi khóa).",
            "Signing key {f} is not in this computer's keyring. An administrator must "
            "create a new key (Admin → Signing key → Rotate).",
            f=display_fingerprint(info.fingerprint)[:26] + "…")
    loaded = serialization.load_pem_private_key(pem.encode("ascii"), password=None)
    if not isinstance(loaded, Ed25519PrivateKey) or fingerprint(loaded.public_key()) != \
            info.fingerprint:
        raise SecretStoreUnavailable(
            "Khóa ký trong kho khóa không khớp với khóa đã đăng ký.",
            "The signing key in the keyring does not match the registered key.")
    return Signer(loaded, info)


def rotate_key(db: Database, actor: Identity, home: DataHome | None = None) -> KeyInfo:
    """Admin: retire the current key and create a new one. Old public keys stay, so old
    exports still verify; the old private key is removed from the keyring."""
    actor.require("admin")
    home = home or data_home()
    _, info = _generate(home)
    old_name = ""
    with db.session() as s:
        old = _current_row(s)
        if old is not None:
            old.retired_at = utcnow()
            old_name = old.keyring_name
        s.add(SigningKey(fingerprint=info.fingerprint, public_pem=info.public_pem,
                         keyring_name=info.keyring_name, demo=info.demo))
        audit.record(s, actor.username, "key.rotate", "signing_key", info.fingerprint,
                     retired=old.fingerprint if old is not None else "", demo=info.demo)
    if old_name:
        secrets.delete(old_name, home)
    return info
