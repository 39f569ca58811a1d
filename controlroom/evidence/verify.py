"""Checking an export folder: the same checks anyone can run with coreutils and OpenSSL
(README.txt), plus the cross-checks only a program does comfortably — manifest against
files, files not listed anywhere, every field that names the key, the audit checkpoint
the export carries — and, above all, whether the signing key is the post's.

A signature proves only that whoever holds the key signed: anyone can alter a folder,
make a key of their own, re-sign and replace public_key.pem. So a folder is VERIFIED
only when the key is known to be the post's — found in the post's key register (the
database, at the post) or equal to the fingerprint printed on the paper custody record
(`expect_fingerprint`, on an investigator's computer). Everything else ends NOT
VERIFIED, however intact the folder looks.

Every file gets a result line; missing control files (SHA256SUMS, its signature, the
key) are problems of their own and never turn the rest of the folder into EXTRA.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy.orm import Session

from controlroom.errors import InvalidInput
from controlroom.evidence import keys
from controlroom.evidence.files import sha256_file
from controlroom.evidence.manifest import (
    MANIFEST,
    NOT_IN_MANIFEST,
    PDF,
    PUBKEY,
    README,
    SIG,
    SUMS,
    parse_sums,
)
from controlroom.i18n import Text
from controlroom.records import audit_anchor


@dataclass(frozen=True)
class FileResult:
    path: str
    status: str  # ok / changed / missing / extra / manifest_mismatch
    detail: str = ""

    @property
    def ok(self) -> bool:
        return self.status == "ok"


STATUS_TEXT = {
    "ok": Text("ĐẠT", "OK"),
    "changed": Text("BỊ THAY ĐỔI (mã băm khác)", "CHANGED (hash differs)"),
    "missing": Text("THIẾU (có trong danh sách mã băm, không có trên đĩa)",
                    "MISSING (listed, not on disk)"),
    "extra": Text("THỪA (không có trong SHA256SUMS)", "EXTRA (not listed in SHA256SUMS)"),
    "manifest_mismatch": Text("KHÔNG KHỚP manifest.json", "DISAGREES with manifest.json"),
}

KEY_TEXT = {
    "current": Text("là khóa hiện hành của đơn vị này (theo sổ khóa)",
                    "is this post's current key (key register)"),
    "retired": Text("là khóa cũ (đã thay) của đơn vị này (theo sổ khóa)",
                    "is an older (rotated) key of this post (key register)"),
    "unknown": Text("KHÔNG có trong sổ khóa của đơn vị này",
                    "is NOT in this post's key register"),
    "unchecked": Text("chưa đối chiếu với sổ khóa (máy này không có cơ sở dữ liệu của đơn vị)",
                      "not checked against a key register (no post database on this "
                      "computer)"),
    "no_key": Text("không có (thiếu hoặc hỏng public_key.pem)",
                   "absent (public_key.pem missing or damaged)"),
}


def parse_fingerprint(value: str) -> str:
    """The fingerprint an investigator types from the paper record: 64 hex digits, with
    or without the 'SHA256:' prefix, spaces or colons, any case."""
    s = value.strip()
    if s.upper().startswith("SHA256:"):
        s = s[7:]
    s = "".join(c for c in s if c not in " :\t-").lower()
    if len(s) != 64 or any(c not in "0123456789abcdef" for c in s):
        raise InvalidInput(
            "Dấu vân tay khóa phải gồm 64 chữ số hex (như trên biên bản: SHA256:abcd …).",
            "A key fingerprint is 64 hex digits (as on the paper record: SHA256:abcd …).")
    return s


@dataclass
class VerifyReport:
    folder: Path
    files: list[FileResult] = field(default_factory=list)
    signature_ok: bool = False
    fingerprint: str = ""
    key_demo: bool = False
    key_known: str = "unchecked"  # current / retired / unknown / unchecked / no_key
    expected: str = ""  # the fingerprint the investigator gave, if any
    problems: list[Text] = field(default_factory=list)  # integrity problems
    untrusted: Text | None = None  # why the key is not known to be the post's
    checkpoint: dict[str, Any] | None = None  # the audit checkpoint the export carries

    @property
    def intact(self) -> bool:
        """Files, hashes, signature and manifest agree (says nothing about whose key)."""
        return self.signature_ok and not self.problems and all(f.ok for f in self.files)

    @property
    def key_trusted(self) -> bool:
        return self.untrusted is None

    @property
    def ok(self) -> bool:
        """VERIFIED: intact and signed by a key known to be the post's."""
        return self.intact and self.key_trusted

    @property
    def bad_files(self) -> list[FileResult]:
        return [f for f in self.files if not f.ok]


def _safe_rel(p: str) -> bool:
    pp = PurePosixPath(p)
    return bool(p) and not pp.is_absolute() and ".." not in pp.parts and "\\" not in p


def _missing(name: str) -> Text:
    return Text(f"Thiếu tệp {name}.", f"{name} is missing.")


def verify_folder(folder: Path, session: Session | None = None,
                  expect_fingerprint: str | None = None) -> VerifyReport:
    """Check `folder`. `session`: the post's database (key register); `expect_fingerprint`:
    the fingerprint printed on the paper record. Without either, the key cannot be
    trusted and the report is not ok."""
    folder = Path(folder)
    rep = VerifyReport(folder)
    if expect_fingerprint:
        rep.expected = parse_fingerprint(expect_fingerprint)
    if not folder.is_dir():
        rep.problems.append(Text(f"Không có thư mục {folder}.", f"No folder {folder}."))
        rep.untrusted = Text("Không có gì để kiểm tra.", "Nothing to check.")
        return rep
    sums_path, sig_path, pub_path = folder / SUMS, folder / SIG, folder / PUBKEY
    pub = _load_key(rep, pub_path)
    manifest = _load_manifest(rep, folder)

    # what the folder claims to hold: SHA256SUMS, or the manifest when SHA256SUMS is gone
    listed: dict[str, str] = {}
    sums: bytes | None = None
    if sums_path.is_file():
        sums = sums_path.read_bytes()
        try:
            entries = parse_sums(sums)
        except (ValueError, UnicodeDecodeError) as e:
            rep.problems.append(Text(f"SHA256SUMS sai định dạng ({e}).",
                                     f"SHA256SUMS is malformed ({e})."))
            entries = []
    else:
        rep.problems.append(_missing(SUMS))
        entries = [(f["path"], f["sha256"]) for f in _manifest_files(manifest).values()]
    for rel, want in entries:
        if not isinstance(rel, str) or not _safe_rel(rel):
            rep.problems.append(Text(f"Đường dẫn không hợp lệ trong danh sách: {rel}",
                                     f"Unsafe path in the file list: {rel}"))
            continue
        listed[rel] = str(want)
        p = folder / rel
        if not p.is_file():
            rep.files.append(FileResult(rel, "missing"))
            continue
        got = sha256_file(p)
        rep.files.append(FileResult(rel, "ok" if got == want else "changed",
                                    "" if got == want else f"{str(want)[:16]}… ≠ {got[:16]}…"))
    unlisted_ok = {SUMS, SIG} if sums is not None else {SUMS, SIG, MANIFEST, PDF}
    _extra(rep, folder, set(listed) | unlisted_ok)

    # signature
    if not sig_path.is_file():
        rep.problems.append(_missing(SIG))
    elif pub is not None and sums is not None:
        rep.signature_ok = keys.verify_signature(pub, sig_path.read_bytes(), sums)
        if not rep.signature_ok:
            rep.problems.append(Text(
                "Chữ ký SHA256SUMS.sig KHÔNG hợp lệ với public_key.pem.",
                "The signature SHA256SUMS.sig does NOT verify with public_key.pem."))

    if manifest is not None:
        _check_manifest(rep, folder, manifest, listed, sums is not None)
        _check_key_fields(rep, folder, manifest)
        _check_checkpoint(rep, manifest, pub)
    _check_trust(rep, session)
    return rep


def _load_key(rep: VerifyReport, pub_path: Path) -> Ed25519PublicKey | None:
    if not pub_path.is_file():
        rep.problems.append(_missing(PUBKEY))
        rep.key_known = "no_key"
        return None
    try:
        pub = keys.load_public_pem(pub_path.read_bytes())
    except ValueError:
        rep.problems.append(Text("public_key.pem không phải khóa công khai Ed25519.",
                                 "public_key.pem is not an Ed25519 public key."))
        rep.key_known = "no_key"
        return None
    rep.fingerprint = keys.fingerprint(pub)
    return pub


def _load_manifest(rep: VerifyReport, folder: Path) -> dict[str, Any] | None:
    mpath = folder / MANIFEST
    if not mpath.is_file():
        rep.problems.append(_missing(MANIFEST))
        return None
    try:
        m = json.loads(mpath.read_text("utf-8"))
        _manifest_files(m, strict=True)
        if not isinstance(m["signing_key"], dict):
            raise TypeError("signing_key")
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        rep.problems.append(Text("manifest.json sai định dạng.", "manifest.json is malformed."))
        return None
    rep.key_demo = bool(m["signing_key"].get("demo"))
    return m


def _manifest_files(m: Any, strict: bool = False) -> dict[str, dict[str, Any]]:
    try:
        out = {}
        for f in m["files"]:
            if not isinstance(f["path"], str) or not isinstance(f["sha256"], str):
                raise TypeError("files")
            out[f["path"]] = f
        return out
    except (KeyError, TypeError):
        if strict:
            raise
        return {}


def _extra(rep: VerifyReport, folder: Path, listed: set[str]) -> None:
    for p in sorted(folder.rglob("*")):
        if p.is_file() or p.is_symlink():
            rel = p.relative_to(folder).as_posix()
            if rel not in listed:
                rep.files.append(FileResult(rel, "extra"))


def _check_manifest(rep: VerifyReport, folder: Path, m: dict[str, Any],
                    listed: dict[str, str], have_sums: bool) -> None:
    if have_sums and MANIFEST not in listed:
        rep.problems.append(Text("manifest.json không có trong SHA256SUMS.",
                                 "manifest.json is not in SHA256SUMS."))
    mfiles = _manifest_files(m)
    results = {f.path: i for i, f in enumerate(rep.files)}
    for path, f in mfiles.items():
        size_ok = _safe_rel(path) and (folder / path).is_file() and \
            (folder / path).stat().st_size == f.get("bytes")
        if listed.get(path) != f.get("sha256") or not size_ok:
            _mark(rep, results, path, f"manifest: {str(f.get('sha256'))[:16]}…")
    for path in listed:
        if path not in mfiles and path not in NOT_IN_MANIFEST:
            _mark(rep, results, path, "not in manifest.json")


def _check_key_fields(rep: VerifyReport, folder: Path, m: dict[str, Any]) -> None:
    """Every place that names the key must name the same key as public_key.pem."""
    sk = m["signing_key"]
    fp = str(sk.get("fingerprint", ""))
    wrong: list[str] = []
    if sk.get("algorithm") != "Ed25519":
        wrong.append("signing_key.algorithm")
    if rep.fingerprint and fp != rep.fingerprint:
        wrong.append("signing_key.fingerprint")
    if sk.get("fingerprint_display") != keys.display_fingerprint(fp):
        wrong.append("signing_key.fingerprint_display")
    if sk.get("public_key_file") != PUBKEY:
        wrong.append("signing_key.public_key_file")
    readme = folder / README
    if readme.is_file() and fp:
        try:
            txt = readme.read_text("utf-8")
        except (OSError, UnicodeDecodeError):
            txt = ""
        if keys.display_fingerprint(fp) not in txt:
            wrong.append(README)
    for name in wrong:
        rep.problems.append(Text(
            f"{name} không ghi đúng khóa ký của gói (public_key.pem).",
            f"{name} does not name the folder's signing key (public_key.pem)."))


def _check_checkpoint(rep: VerifyReport, m: dict[str, Any],
                      pub: Ed25519PublicKey | None) -> None:
    doc = m.get("audit_checkpoint")
    if doc is None:
        rep.problems.append(Text(
            "manifest.json không có mốc kiểm toán (audit_checkpoint).",
            "manifest.json carries no audit checkpoint (audit_checkpoint)."))
        return
    try:
        audit_anchor.Checkpoint.from_dict(doc)
    except ValueError:
        rep.problems.append(Text("Mốc kiểm toán trong manifest.json sai định dạng.",
                                 "The audit checkpoint in manifest.json is malformed."))
        return
    rep.checkpoint = doc
    if pub is None:
        return
    if doc["key"] != rep.fingerprint or not audit_anchor.check_signature(doc, pub):
        rep.problems.append(Text(
            "Mốc kiểm toán trong manifest.json không được ký bằng khóa của gói.",
            "The audit checkpoint in manifest.json is not signed by the folder's key."))


def _check_trust(rep: VerifyReport, session: Session | None) -> None:
    if session is not None and rep.fingerprint:
        row = keys.is_known(session, rep.fingerprint)
        rep.key_known = "unknown" if row is None else (
            "retired" if row.retired_at is not None else "current")
    if not rep.fingerprint:
        rep.untrusted = Text("Không có khóa công khai để đối chiếu.", "No public key to check.")
    elif rep.expected:
        if rep.expected != rep.fingerprint:
            rep.untrusted = Text(
                "Khóa ký của gói KHÁC dấu vân tay đã cho (trên biên bản giấy): gói không do "
                "khóa đó ký.",
                "The folder's signing key DIFFERS from the fingerprint given (from the "
                "paper record): it was not signed with that key.")
    elif rep.key_known == "unknown":
        rep.untrusted = Text(
            "Khóa ký không phải của đơn vị này: chữ ký đúng nhưng không chứng minh được gì.",
            "The signing key is not this post's: the signature is valid but proves nothing.")
    elif rep.key_known == "unchecked":
        rep.untrusted = Text(
            "Chưa xác định được khóa ký là của đơn vị: so dấu vân tay với dòng in trên biên "
            "bản giấy và chạy lại với --expect-fingerprint \"SHA256:…\".",
            "The signing key is not known to be the post's: compare the fingerprint with "
            "the one printed on the paper record and run again with "
            "--expect-fingerprint \"SHA256:…\".")


def _mark(rep: VerifyReport, results: dict[str, int], path: str, detail: str) -> None:
    i = results.get(path)
    if i is None:
        rep.files.append(FileResult(path, "manifest_mismatch", detail))
    elif rep.files[i].ok:
        rep.files[i] = FileResult(path, "manifest_mismatch", detail)

