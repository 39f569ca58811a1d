"""Checking an export folder: the same checks anyone can run with coreutils and OpenSSL
(README.txt), plus the cross-checks only a program does comfortably — manifest against
files, files not listed anywhere, and whether the signing key is one this post has used.

Every file gets a result line; the folder is good only when every line is OK.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from sqlalchemy.orm import Session

from controlroom.evidence import keys
from controlroom.evidence.files import sha256_file
from controlroom.evidence.manifest import MANIFEST, NOT_IN_MANIFEST, PUBKEY, SIG, SUMS, parse_sums
from controlroom.i18n import Text


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
    "missing": Text("THIẾU (có trong SHA256SUMS, không có trên đĩa)",
                    "MISSING (listed in SHA256SUMS, not on disk)"),
    "extra": Text("THỪA (không có trong SHA256SUMS)", "EXTRA (not listed in SHA256SUMS)"),
    "manifest_mismatch": Text("KHÔNG KHỚP manifest.json", "DISAGREES with manifest.json"),
}


@dataclass
class VerifyReport:
    folder: Path
    files: list[FileResult] = field(default_factory=list)
    signature_ok: bool = False
    fingerprint: str = ""
    key_demo: bool = False
    key_known: str = "unchecked"  # current / retired / unknown / unchecked
    problems: list[Text] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.signature_ok and not self.problems and all(f.ok for f in self.files)

    @property
    def bad_files(self) -> list[FileResult]:
        return [f for f in self.files if not f.ok]


def _safe_rel(p: str) -> bool:
    pp = PurePosixPath(p)
    return bool(p) and not pp.is_absolute() and ".." not in pp.parts and "\\" not in p


def verify_folder(folder: Path, session: Session | None = None) -> VerifyReport:
    folder = Path(folder)
    rep = VerifyReport(folder)
    if not folder.is_dir():
        rep.problems.append(Text(f"Không có thư mục {folder}.", f"No folder {folder}."))
        return rep
    sums_path, sig_path, pub_path = folder / SUMS, folder / SIG, folder / PUBKEY
    for p in (sums_path, sig_path, pub_path):
        if not p.is_file():
            rep.problems.append(Text(f"Thiếu tệp {p.name}.", f"{p.name} is missing."))
    if rep.problems:
        _extra(rep, folder, set())
        return rep
    sums = sums_path.read_bytes()
    try:
        entries = parse_sums(sums)
    except (ValueError, UnicodeDecodeError) as e:
        rep.problems.append(Text(f"SHA256SUMS sai định dạng ({e}).",
                                 f"SHA256SUMS is malformed ({e})."))
        entries = []
    try:
        pub = keys.load_public_pem(pub_path.read_bytes())
        rep.fingerprint = keys.fingerprint(pub)
        rep.signature_ok = keys.verify_signature(pub, sig_path.read_bytes(), sums)
    except ValueError:
        rep.problems.append(Text("public_key.pem không phải khóa công khai Ed25519.",
                                 "public_key.pem is not an Ed25519 public key."))
    if not rep.signature_ok:
        rep.problems.append(Text(
            "Chữ ký SHA256SUMS.sig KHÔNG hợp lệ với public_key.pem.",
            "The signature SHA256SUMS.sig does NOT verify with public_key.pem."))
    listed: dict[str, str] = {}
    for rel, want in entries:
        if not _safe_rel(rel):
            rep.problems.append(Text(f"Đường dẫn không hợp lệ trong SHA256SUMS: {rel}",
                                     f"Unsafe path in SHA256SUMS: {rel}"))
            continue
        listed[rel] = want
        p = folder / rel
        if not p.is_file():
            rep.files.append(FileResult(rel, "missing"))
            continue
        got = sha256_file(p)
        rep.files.append(FileResult(rel, "ok" if got == want else "changed",
                                    "" if got == want else f"{want[:16]}… ≠ {got[:16]}…"))
    _extra(rep, folder, set(listed))
    _check_manifest(rep, folder, listed)
    if session is not None and rep.fingerprint:
        row = keys.is_known(session, rep.fingerprint)
        rep.key_known = "unknown" if row is None else (
            "retired" if row.retired_at is not None else "current")
    return rep


def _extra(rep: VerifyReport, folder: Path, listed: set[str]) -> None:
    for p in sorted(folder.rglob("*")):
        if p.is_file() or p.is_symlink():
            rel = p.relative_to(folder).as_posix()
            if rel not in listed and rel not in (SUMS, SIG):
                rep.files.append(FileResult(rel, "extra"))


def _check_manifest(rep: VerifyReport, folder: Path, listed: dict[str, str]) -> None:
    mpath = folder / MANIFEST
    if MANIFEST not in listed or not mpath.is_file():
        rep.problems.append(Text("Thiếu manifest.json hoặc không có trong SHA256SUMS.",
                                 "manifest.json is missing or not in SHA256SUMS."))
        return
    try:
        m = json.loads(mpath.read_text("utf-8"))
        mfiles = {f["path"]: f for f in m["files"]}
        fp = m["signing_key"]["fingerprint"]
        rep.key_demo = bool(m["signing_key"].get("demo"))
    except (ValueError, KeyError, TypeError):
        rep.problems.append(Text("manifest.json sai định dạng.", "manifest.json is malformed."))
        return
    if fp != rep.fingerprint:
        rep.problems.append(Text(
            "Dấu vân tay khóa trong manifest.json khác public_key.pem.",
            "The key fingerprint in manifest.json differs from public_key.pem."))
    results = {f.path: i for i, f in enumerate(rep.files)}
    for path, f in mfiles.items():
        size_ok = (folder / path).is_file() and (folder / path).stat().st_size == f.get("bytes")
        if listed.get(path) != f.get("sha256") or not size_ok:
            _mark(rep, results, path, f"manifest: {str(f.get('sha256'))[:16]}…")
    for path in listed:
        if path not in mfiles and path not in NOT_IN_MANIFEST:
            _mark(rep, results, path, "not in manifest.json")


def _mark(rep: VerifyReport, results: dict[str, int], path: str, detail: str) -> None:
    i = results.get(path)
    if i is None:
        rep.files.append(FileResult(path, "manifest_mismatch", detail))
    elif rep.files[i].ok:
        rep.files[i] = FileResult(path, "manifest_mismatch", detail)
