"""What an attacker with the USB can do to an export folder: flip, cut, delete, add,
edit manifest fields, swap the key, and re-sign everything consistently with a key of
their own (or, as an insider, with the post's key). Shared by tests/evidence and
tests/cli."""

from __future__ import annotations

import base64
import hashlib
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from controlroom.evidence import keys
from controlroom.evidence.manifest import (
    MANIFEST,
    PUBKEY,
    README,
    SIG,
    SUMS,
    manifest_bytes,
    parse_sums,
    sums_text,
)
from controlroom.records import audit_anchor

Sign = Callable[[bytes], bytes]


def copy(folder: Path, dest: Path) -> Path:
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(folder, dest)
    return dest


def files(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def flip(path: Path, pos: int, mask: int = 0x01) -> None:
    data = bytearray(path.read_bytes())
    data[pos % len(data)] ^= mask
    path.write_bytes(bytes(data))


def _sha(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def resign(folder: Path, sign: Sign, public_pem: str, *,
           edit_manifest: Callable[[dict[str, Any]], None] | None = None,
           fix_key_fields: bool = True, fix_checkpoint: bool = True,
           fix_readme: bool = True) -> None:
    """Make the folder self-consistent again after a change: public key, README, manifest
    (file hashes, key fields, checkpoint signature), SHA256SUMS and its signature — all
    as a careful forger would, with `sign` as the signing key."""
    pub = keys.load_public_pem(public_pem.encode("ascii"))
    fp = keys.fingerprint(pub)
    (folder / PUBKEY).write_text(public_pem, "ascii")
    m = json.loads((folder / MANIFEST).read_text("utf-8"))
    old_display = m["signing_key"]["fingerprint_display"]
    if fix_key_fields:
        m["signing_key"]["fingerprint"] = fp
        m["signing_key"]["fingerprint_display"] = keys.display_fingerprint(fp)
    if fix_readme and (folder / README).is_file():
        txt = (folder / README).read_text("utf-8")
        (folder / README).write_text(txt.replace(old_display, keys.display_fingerprint(fp)),
                                     "utf-8")
    cp = m.get("audit_checkpoint")
    if fix_checkpoint and isinstance(cp, dict):
        cp["key"] = fp
        cp["sig"] = base64.b64encode(sign(audit_anchor.signed_bytes(cp))).decode("ascii")
    if edit_manifest is not None:
        edit_manifest(m)
    for f in m["files"]:
        p = folder / f["path"]
        if p.is_file():
            f["sha256"], f["bytes"] = _sha(p), p.stat().st_size
    (folder / MANIFEST).write_bytes(manifest_bytes(m))
    listed = [p for p, _ in parse_sums((folder / SUMS).read_bytes())]
    sums = sums_text([(p, _sha(folder / p)) for p in listed if (folder / p).is_file()])
    (folder / SUMS).write_bytes(sums)
    (folder / SIG).write_bytes(sign(sums))


def foreign_key() -> tuple[Sign, str]:
    k = Ed25519PrivateKey.generate()
    return k.sign, keys.public_pem(k.public_key())
