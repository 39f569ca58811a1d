"""Writing one evidence export onto a drive (the GUI dialog and the CLI both call
`run_export`).

Order of work, chosen so that a failure at any point leaves nothing that looks complete:
plan and check space before touching the drive; load the signing key (refuses without a
secure keyring) before writing; write everything into a hidden
`.controlroom-export-<uid>.partial` folder; master copies are hashed while copied and
compared with the hash the recorder stored at close; the PDF is made from the manifest;
SHA256SUMS covers every file and is signed last; every file and directory is fsynced; the
page cache is dropped and everything is read back and re-hashed; only then is the folder
renamed to its final name and the parent fsynced. Any failure or cancel removes the
partial folder, marks the register row failed/cancelled and audits it.
"""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from controlroom import __version__
from controlroom.errors import ExitCode, InvalidInput, UserError
from controlroom.evidence import drives, keys, pdf, rules
from controlroom.evidence.clip import ClipPart, cut_clip, first_frame_png
from controlroom.evidence.files import (
    Cancelled,
    check_cancel,
    copy_hashed,
    fsync_dir,
    fsync_file,
    sha256_file,
    write_synced,
)
from controlroom.evidence.manifest import (
    FORMAT,
    MANIFEST,
    PDF,
    PUBKEY,
    README,
    SIG,
    SUMS,
    clock_state,
    iso,
    local,
    manifest_base,
    manifest_bytes,
    readme_text,
    sums_text,
)
from controlroom.evidence.plan import CameraPlan, ExportPlan, plan_export
from controlroom.oserror import describe
from controlroom.paths import DataHome, data_home
from controlroom.records import audit, audit_anchor, exports, settings
from controlroom.records.db import Database
from controlroom.records.models import Export, Incident, User
from controlroom.records.users import Identity
from controlroom.textutil import safe_filename
from controlroom.timeutil import as_utc, to_local, utcnow

PARTIAL_PREFIX = ".controlroom-export-"
PARTIAL_SUFFIX = ".partial"
PROGRESS_INTERVAL_S = 0.2


class ExportError(UserError):
    """The export could not be written; nothing complete was left on the target."""

    exit_code = ExitCode.EXPORT_FAILED


class ExportCancelled(ExportError):
    exit_code = ExitCode.CANCELLED


class DriveChanged(ExportError):
    """The target folder is no longer on the file system chosen at the start."""


class IntegrityError(ExportError):
    """A recorded segment no longer matches the hash stored when it was recorded."""

    exit_code = ExitCode.SEGMENT_CHANGED


@dataclass(frozen=True)
class Progress:
    phase: str  # 'master', 'video', 'record', 'verify', 'finish'
    done: int
    total: int
    speed: float  # bytes/s
    eta_s: float | None


@dataclass(frozen=True)
class ExportResult:
    export_id: int
    folder: Path
    sums_sha256: str
    manifest_sha256: str
    fingerprint: str
    fingerprint_display: str
    bytes_total: int
    files: int
    demo: bool
    gaps: int


ProgressFn = Callable[[Progress], None]


class _Meter:
    """Bytes done against an estimated total, speed and time left, throttled."""

    def __init__(self, total: int, callback: ProgressFn | None) -> None:
        self.total, self.done, self.phase = max(total, 1), 0, "master"
        self.cb = callback
        self.t0 = time.monotonic()
        self.last = 0.0

    def set_phase(self, phase: str) -> None:
        self.phase = phase
        self._emit(force=True)

    def add(self, n: int) -> None:
        self.done += n
        self._emit()

    def _emit(self, force: bool = False) -> None:
        if self.cb is None:
            return
        now = time.monotonic()
        if not force and now - self.last < PROGRESS_INTERVAL_S and self.last:
            return
        self.last = now
        elapsed = max(now - self.t0, 1e-6)
        speed = self.done / elapsed
        total = max(self.total, self.done)
        eta = (total - self.done) / speed if speed > 0 else None
        self.cb(Progress(self.phase, self.done, total, speed, eta))


def _bilingual(e: UserError) -> str:
    return f"{e.vi} / {e.en}"


def _os_error(e: OSError, where: Path) -> ExportError:
    """Say in words what happened to the drive."""
    if e.errno in (errno.ENOSPC, errno.EDQUOT):
        return ExportError("Ổ đích đã đầy; dữ liệu chưa ghi xong đã được xóa.",
                           "The target drive is full; the partial export was removed.")
    if e.errno == errno.EROFS:
        return ExportError("Ổ đích chỉ cho phép đọc (chống ghi); không ghi được.",
                           "The target drive is read-only (write-protected).")
    if e.errno in (errno.EACCES, errno.EPERM):
        return ExportError("Không có quyền ghi vào {p}.", "No permission to write to {p}.",
                           p=where)
    if e.errno in (errno.ENOENT, errno.ENODEV, errno.EIO, errno.ENXIO, errno.ESTALE,
                   errno.ENOTDIR):
        return ExportError(
            "Ổ đích hoặc thư mục đang ghi đã biến mất (USB bị rút?) — lỗi: {m}. Gói dữ liệu "
            "chưa hoàn tất và không có giá trị.",
            "The target drive or folder disappeared while writing (USB removed?) — {m}. "
            "The export is incomplete and must not be used.", m=describe(e))
    return ExportError("Lỗi ghi dữ liệu ra {p}: {m}", "Error writing to {p}: {m}",
                       p=where, m=describe(e))


def check_target(dest: Path, needed: int) -> int:
    """Refuse a target that is missing, not writable or too small. Returns free bytes."""
    if not dest.is_dir():
        raise ExportError("Thư mục đích {p} không tồn tại.", "Target folder {p} does not exist.",
                          p=dest)
    try:
        free = shutil.disk_usage(dest).free
    except OSError as e:
        raise _os_error(e, dest) from None
    if free < needed:
        raise ExportError(
            "Không đủ chỗ trên ổ đích: cần khoảng {n} MB, chỉ còn {f} MB.",
            "Not enough space on the target: about {n} MB needed, {f} MB free.",
            n=round(needed / 1e6, 1), f=round(free / 1e6, 1))
    return free


NAME_PART = 40


def _whole_words(text: str, limit: int, sep: str = "_") -> str:
    """Cut at a separator, never inside a word or code."""
    if len(text) <= limit:
        return text
    cut = text[:limit + 1].rsplit(sep, 1)[0]
    return cut if cut and cut != text[:limit + 1] else text[:limit]


def final_name(start: datetime, request_ref: str, codes: list[str], zone: str) -> str:
    """`<local start>_<reference>_<camera codes>`; codes that do not fit are counted
    ("CAM-01-CAM-02+7"), never cut in the middle."""
    stamp = to_local(start, zone).strftime("%Y%m%d-%H%M")
    ref = _whole_words(safe_filename(request_ref, "yeucau"), NAME_PART)
    safe = [safe_filename(c, "camera") for c in codes] or ["camera"]
    cams = safe[0]
    shown = 1
    for code in safe[1:]:
        rest = len(safe) - shown - 1
        tail = f"+{rest}" if rest else ""
        if len(cams) + 1 + len(code) + len(tail) > NAME_PART:
            break
        cams, shown = f"{cams}-{code}", shown + 1
    if shown < len(safe):
        cams += f"+{len(safe) - shown}"
    return f"{stamp}_{ref}_{cams}"


def _unique(dest: Path, name: str) -> Path:
    p, n = dest / name, 2
    while p.exists():
        p, n = dest / f"{name}_{n}", n + 1
    return p


def _people(session: Any, exp: Export) -> dict[str, Any]:
    def person(uid: int | None) -> dict[str, Any] | None:
        u = session.get(User, uid) if uid is not None else None
        if u is None:
            return None
        return {"username": u.username, "full_name": u.full_name or u.username,
                "rank": u.rank, "unit": u.unit, "role": u.role}

    approver = person(exp.approver_id)
    return {"officer": person(exp.officer_id), "approver": approver,
            "witness": exp.witness, "camera_owner": exp.camera_owner}


def target_identity(dest: Path) -> drives.FsIdentity:
    """The file system of the chosen target, taken when the officer chooses it."""
    try:
        return drives.fs_identity(Path(dest))
    except OSError as e:
        raise _os_error(e, Path(dest)) from None


def check_device(expected: drives.FsIdentity, dest: Path, tmp: Path | None = None) -> None:
    """Refuse to write another byte unless `dest` (and the partial folder) are still on
    the file system chosen at the start: a drive unmounted under us leaves the bare
    mount-point folder on the system disk, which must never receive evidence."""
    try:
        now: drives.FsIdentity | None = drives.fs_identity(dest)
        if tmp is not None and tmp.exists() and os.stat(tmp).st_dev != expected.dev:
            now = None
    except OSError:
        now = None
    if now != expected:
        raise DriveChanged(
            "Ổ đích đã bị tháo hoặc không còn là ổ đã chọn lúc bắt đầu (đã chọn: {a}; bây "
            "giờ: {b}). Đã dừng, không ghi gì sang ổ khác; gói dữ liệu chưa hoàn tất và "
            "không có giá trị.",
            "The target drive was removed or is no longer the drive chosen at the start "
            "(chosen: {a}; now: {b}). Stopped without writing anywhere else; the export is "
            "incomplete and must not be used.",
            a=expected.describe(), b=now.describe() if now else "—")


def run_export(db: Database, actor: Identity, export_id: int, dest: Path,
               home: DataHome | None = None, progress: ProgressFn | None = None,
               cancel: threading.Event | None = None, medium_label: str = "",
               device: drives.FsIdentity | None = None) -> ExportResult:
    """Write an approved export to `dest` (a folder on the target drive).

    `device` is the file system identity taken when the drive was chosen
    (`target_identity`); without it, the one `dest` is on now. Every file is written
    only after checking `dest` is still on it, and again at the end."""
    home = home or data_home()
    dest = Path(dest)
    try:
        with db.read() as s:
            rules.check_runner(s, exports.get(s, export_id), actor)
        expected = device if device is not None else target_identity(dest)
        check_device(expected, dest)
        with db.session() as s:
            exp = exports.mark_running(s, actor, export_id, str(dest))
            uid = exp.uid
    except UserError as e:
        with db.session() as s:  # a refusal is audited too
            audit.record(s, actor.username, "export.run_refused", "export", export_id,
                         error=_bilingual(e))
        raise
    with db.session() as s:
        exp = exports.get(s, export_id)
        uid = exp.uid
        cam_ids = exports.camera_ids(exp)
        zone = str(settings.get(s, "time_zone"))
        exports.place_holds(s, actor, exp, [(c, exp.start_utc, exp.end_utc) for c in cam_ids])
    tmp = dest / f"{PARTIAL_PREFIX}{uid}{PARTIAL_SUFFIX}"
    created = False
    try:
        with db.read() as s:
            exp = exports.get(s, export_id)
            plan = plan_export(s, home.recordings, cam_ids, exp.start_utc, exp.end_utc)
            ctx = _context(s, exp, zone, medium_label)
        check_target(dest, plan.estimated_bytes)
        signer = keys.signer(db, actor, home)
        check_cancel(cancel)
        check_device(expected, dest)
        try:
            tmp.mkdir()
        except OSError as e:
            raise _os_error(e, dest) from None
        created = True

        def guard() -> None:
            check_device(expected, dest, tmp)

        result = _write(db, actor, export_id, plan, ctx, signer, dest, tmp, zone, progress,
                        cancel, home, guard)
    except Cancelled:
        cerr = ExportCancelled("Đã hủy trích xuất; dữ liệu dở dang đã được xóa{r}.",
                              "Export cancelled; the partial data was removed{r}.",
                              r=_cleanup(tmp) if created else "")
        _fail(db, actor, export_id, cerr, cancelled=True)
        raise cerr from None
    except UserError as e:
        note = _cleanup(tmp) if created else ""
        if note:
            e = ExportError(f"{e.vi}{note}", f"{e.en}{note}")
        _fail(db, actor, export_id, e)
        raise e from None
    except OSError as e:
        err = _os_error(e, dest)
        note = _cleanup(tmp) if created else ""
        if note:
            err = ExportError(f"{err.vi}{note}", f"{err.en}{note}")
        _fail(db, actor, export_id, err)
        raise err from None
    except BaseException:
        if created:
            _cleanup(tmp)
        _fail(db, actor, export_id, ExportError("Lỗi không mong đợi khi trích xuất.",
                                                "Unexpected error while exporting."))
        raise
    return result


def _fail(db: Database, actor: Identity, export_id: int, e: UserError,
          cancelled: bool = False) -> None:
    with db.session() as s:
        exports.mark_failed(s, actor, export_id, _bilingual(e), cancelled=cancelled)


def _cleanup(tmp: Path) -> str:
    """Remove the partial folder; if that is impossible (drive gone), the hidden
    `.partial` name and the missing signature already mark it as incomplete."""
    if not tmp.exists():
        return ""
    try:
        sig = tmp / SIG
        if sig.exists():
            sig.unlink()
        shutil.rmtree(tmp)
    except OSError:
        return f" (không xóa được {tmp.name}; thư mục này KHÔNG hợp lệ)"
    return ""


def _context(s: Any, exp: Export, zone: str, medium_label: str) -> dict[str, Any]:
    incident = s.get(Incident, exp.incident_id) if exp.incident_id else None
    return {
        "uid": exp.uid, "record_number": exp.record_number,
        "post": {"name": str(settings.get(s, "post_name")), "time_zone": zone},
        "request": {"reference": exp.request_ref, "agency": exp.agency, "reason": exp.reason,
                    "incident": ({"code": incident.code, "summary": incident.summary,
                                  "occurred_utc": iso(incident.occurred_at)}
                                 if incident else None)},
        "people": _people(s, exp),
        "approved_at": exp.approved_at,
        "medium": {"description": exp.medium, "seal_number": exp.seal_number,
                   "target_label": medium_label},
    }


def _write(db: Database, actor: Identity, export_id: int, plan: ExportPlan,
           ctx: dict[str, Any], signer: keys.Signer, dest: Path, tmp: Path, zone: str,
           progress: ProgressFn | None, cancel: threading.Event | None,
           home: DataHome, guard: Callable[[], None]) -> ExportResult:
    started = utcnow()
    clip_est = sum(c.clip_estimate for c in plan.cameras)
    meter = _Meter(2 * (plan.master_bytes + clip_est), progress)
    hashes: dict[str, tuple[str, int]] = {}  # relative path -> (sha256, size)
    (tmp / "master").mkdir()
    (tmp / "video").mkdir()
    codes = _unique_codes(plan.cameras)

    # 1. bit-exact master copies, checked against the hash stored at recording time
    meter.set_phase("master")
    seg_docs: dict[int, list[dict[str, Any]]] = {}
    for cam in plan.cameras:
        code = codes[cam.camera_id]
        cam_dir = tmp / "master" / code
        cam_dir.mkdir()
        docs = []
        for seg in cam.segments:
            rel = f"master/{code}/{Path(seg.rel).name}"
            guard()
            sha, size = copy_hashed(seg.path, tmp / rel, meter.add, cancel)
            if not seg.sha256 or sha != seg.sha256.lower():
                raise IntegrityError(
                    "Tệp ghi hình {f} không còn khớp mã băm lúc ghi (lưu: {a}…, hiện tại: "
                    "{b}…) — có thể đã bị sửa hoặc hỏng. Đã dừng trích xuất; báo lãnh đạo.",
                    "Recording {f} no longer matches the hash stored when it was recorded "
                    "(stored {a}…, now {b}…) — altered or damaged. Export stopped; tell "
                    "a leader.", f=seg.rel, a=(seg.sha256 or "-")[:12], b=sha[:12])
            hashes[rel] = (sha, size)
            docs.append({"file": rel, "recorded_path": seg.rel, "start_utc": iso(seg.start),
                         "end_utc": iso(seg.end), "start_local": local(seg.start, zone),
                         "end_local": local(seg.end, zone), "bytes": size,
                         "recorded_sha256": seg.sha256.lower(), "matches_recorded": True})
        fsync_dir(cam_dir)
        seg_docs[cam.camera_id] = docs
    fsync_dir(tmp / "master")

    # 2. playable stream-copy clips
    meter.set_phase("video")
    clips: dict[int, list[ClipPart]] = {}
    for cam in plan.cameras:
        if not cam.segments:
            clips[cam.camera_id] = []
            continue
        code = codes[cam.camera_id]
        stamp = to_local(cam.requested_start, zone).strftime("%Y%m%d-%H%M%S")

        def part_path(n: int, code: str = code, stamp: str = stamp) -> Path:
            guard()
            return tmp / "video" / f"{code}_{stamp}{'' if n == 0 else f'_part{n + 1}'}.mp4"

        parts = cut_clip(cam.segments, cam.requested_start, cam.requested_end, part_path,
                         meter.add, cancel)
        for p in parts:
            fsync_file(p.path)
            rel = f"video/{p.path.name}"
            hashes[rel] = (sha256_file(p.path, cancel=cancel), p.path.stat().st_size)
        clips[cam.camera_id] = parts
    fsync_dir(tmp / "video")
    check_cancel(cancel)

    # 3. key, README, manifest, PDF, sums, signature
    meter.set_phase("record")
    key = signer.info
    guard()
    hashes[PUBKEY] = (write_synced(tmp / PUBKEY, key.public_pem.encode("ascii")),
                      len(key.public_pem.encode("ascii")))
    cams_doc = []
    for cam in plan.cameras:
        parts = clips[cam.camera_id]
        a_start = min((p.actual_start for p in parts if p.actual_start), default=None)
        a_end = max((p.actual_end for p in parts if p.actual_end), default=None)
        cams_doc.append({
            "name": cam.name, "code": cam.code, "location": cam.location,
            "owner": cam.owner_name, "stream": cam.stream, "folder_code": codes[cam.camera_id],
            "requested_start_utc": iso(cam.requested_start),
            "requested_end_utc": iso(cam.requested_end),
            "requested_start_local": local(cam.requested_start, zone),
            "requested_end_local": local(cam.requested_end, zone),
            "actual_start_utc": iso(a_start), "actual_end_utc": iso(a_end),
            "actual_start_local": local(a_start, zone), "actual_end_local": local(a_end, zone),
            "recorded_seconds": round(cam.recorded_seconds, 3),
            "gaps": [{"start_utc": iso(g.start), "end_utc": iso(g.end),
                      "start_local": local(g.start, zone), "end_local": local(g.end, zone),
                      "seconds": round((g.end - g.start).total_seconds(), 3),
                      "reason": g.reason} for g in cam.gaps],
            "segments_still_recording": cam.open_segments,
            "audio_codec": next((p.audio_codec for p in parts if p.audio_codec), ""),
            "device": cam.device,
            "clips": [{"file": f"video/{p.path.name}", "codec": p.codec,
                       "audio_codec": p.audio_codec, "width": p.width,
                       "height": p.height, "actual_start_utc": iso(p.actual_start),
                       "actual_end_utc": iso(p.actual_end)} for p in parts],
            "segments": seg_docs[cam.camera_id],
        })
    anchor = audit_anchor.checkpoint(db, home, f"export {ctx['record_number']}",
                                     actor=actor, signer=signer)
    pre = manifest_base(
        audit_checkpoint=anchor.as_dict(),
        format=FORMAT, export_id=ctx["uid"], record_number=ctx["record_number"],
        app={"name": "controlroom", "version": __version__}, post=ctx["post"],
        request=ctx["request"], people=ctx["people"], medium=ctx["medium"],
        clock=clock_state(),
        signing_key={"algorithm": "Ed25519", "fingerprint": key.fingerprint,
                     "fingerprint_display": key.display, "demo": key.demo,
                     "public_key_file": PUBKEY},
        range={"requested_start_utc": iso(plan.start), "requested_end_utc": iso(plan.end),
               "requested_start_local": local(plan.start, zone),
               "requested_end_local": local(plan.end, zone), "time_zone": zone},
        cameras=cams_doc, notes=[
            "files lists every file except manifest.json, bien_ban.pdf, SHA256SUMS and "
            "SHA256SUMS.sig; SHA256SUMS covers every file but itself and its signature.",
            "The paper record's check code is the SHA-256 of this manifest.json."])
    if pre["people"]["approver"] is not None:
        pre["people"]["approver"]["approved_utc"] = iso(ctx["approved_at"])
        pre["people"]["approver"]["approved_local"] = local(ctx["approved_at"], zone)
    guard()
    readme = readme_text({**pre, "signing_key": pre["signing_key"]}).encode("utf-8")
    hashes[README] = (write_synced(tmp / README, readme), len(readme))
    finished = utcnow()
    pre["extraction"] = {"started_utc": iso(started), "finished_utc": iso(finished),
                         "started_local": local(started, zone),
                         "finished_local": local(finished, zone), "by": actor.username}
    pre["files"] = [{"path": p, "bytes": hashes[p][1], "sha256": hashes[p][0]}
                    for p in sorted(hashes)]
    pre["totals"] = {"files": len(hashes), "bytes": sum(v[1] for v in hashes.values())}
    guard()
    mbytes = manifest_bytes(pre)
    manifest_sha = write_synced(tmp / MANIFEST, mbytes)
    hashes[MANIFEST] = (manifest_sha, len(mbytes))
    thumbs = {}
    for cam in plan.cameras:
        parts = clips[cam.camera_id]
        png = first_frame_png(parts[0].path) if parts else None
        if png:
            thumbs[cam.code] = png
    guard()
    pdf.render(pre, manifest_sha, thumbs, tmp / PDF)
    fsync_file(tmp / PDF)
    hashes[PDF] = (sha256_file(tmp / PDF), (tmp / PDF).stat().st_size)
    sums = sums_text([(p, h) for p, (h, _) in hashes.items()])
    guard()
    sums_sha = write_synced(tmp / SUMS, sums)
    guard()
    write_synced(tmp / SIG, signer.sign(sums))
    fsync_dir(tmp)

    # 4. read back from the medium and re-hash everything
    meter.total = meter.done + sum(v[1] for v in hashes.values())
    meter.set_phase("verify")
    guard()
    for rel, (sha, _size) in sorted(hashes.items()):
        again = sha256_file(tmp / rel, meter.add, cancel, uncached=True)
        if again != sha:
            raise ExportError(
                "Đọc lại {f} từ ổ đích cho kết quả khác với dữ liệu đã ghi — ổ đích có thể "
                "bị lỗi. Hãy dùng ổ khác.",
                "Reading {f} back from the target gave different data than was written — "
                "the drive may be faulty. Use another drive.", f=rel)
    if hashlib.sha256((tmp / SUMS).read_bytes()).hexdigest() != sums_sha or not \
            keys.verify_signature(keys.load_public_pem(key.public_pem.encode()),
                                  (tmp / SIG).read_bytes(), sums):
        raise ExportError("Chữ ký đọc lại từ ổ đích không hợp lệ.",
                          "The signature read back from the target is not valid.")

    # 5. publish: rename to the final name, fsync the parent
    meter.set_phase("finish")
    check_cancel(cancel)
    final = _unique(dest, final_name(plan.start, ctx["request"]["reference"],
                                     [codes[c.camera_id] for c in plan.cameras], zone))
    guard()
    os.rename(tmp, final)
    fsync_dir(final)
    fsync_dir(dest)
    guard()  # at the end too: only then may anyone say "safe to remove"
    if not (final / SIG).is_file():
        raise DriveChanged("Không thấy thư mục đã ghi trên ổ đích.",
                           "The written folder is not on the target drive.")
    total_bytes = sum(v[1] for v in hashes.values()) + len(sums) + 64
    _keep_local_copy(home, ctx["uid"], final)
    with db.session() as s:
        exports.mark_completed(s, actor, export_id, str(final), total_bytes, sums_sha,
                               key.fingerprint)
    return ExportResult(export_id, final, sums_sha, manifest_sha, key.fingerprint, key.display,
                        total_bytes, len(hashes) + 2, key.demo,
                        sum(len(c.gaps) for c in plan.cameras))


def _unique_codes(cams: list[CameraPlan]) -> dict[int, str]:
    seen: dict[str, int] = {}
    out = {}
    for c in cams:
        code = c.safe_code
        if code in seen:
            code = f"{code}_{c.camera_id}"
        seen[code] = c.camera_id
        out[c.camera_id] = code
    return out


def local_copy_dir(home: DataHome, uid: str) -> Path:
    """Where the post keeps its own copy of each export's paper record and sums."""
    return home.root / "exports" / uid


def _keep_local_copy(home: DataHome, uid: str, final: Path) -> None:
    """The post keeps the PDF, manifest and signed sums of what it handed over, so the
    register can re-print the record after the USB is gone."""
    target = local_copy_dir(home, uid)
    target.mkdir(parents=True, exist_ok=True)
    for name in (PDF, MANIFEST, SUMS, SIG, PUBKEY):
        shutil.copy2(final / name, target / name)


def plan_for(db: Database, home: DataHome, camera_ids: list[int], start: datetime,
             end: datetime) -> ExportPlan:
    """Planning for the dialog (coverage + size) without creating a request."""
    with db.read() as s:
        return plan_export(s, home.recordings, camera_ids, as_utc(start), as_utc(end))


def require_dest(dest: str | Path) -> Path:
    p = Path(dest).expanduser()
    if not str(dest).strip():
        raise InvalidInput("Chưa chọn nơi lưu.", "No target chosen.")
    return p
