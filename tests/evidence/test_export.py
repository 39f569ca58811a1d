"""End to end: an approved request becomes a signed folder that coreutils and OpenSSL
accept, with gaps, holds, audit and the custody register right."""

from __future__ import annotations

import json
import subprocess
import threading
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from controlroom.errors import InvalidInput, PermissionDenied
from controlroom.evidence.export import (
    ExportCancelled,
    ExportError,
    IntegrityError,
    Progress,
    run_export,
)
from controlroom.evidence.plan import plan_export
from controlroom.records import exports
from controlroom.records.models import AuditEntry, Hold
from tests.evidence.fixtures import T0, Recorded, run


def _status(r: Recorded, eid: int) -> SimpleNamespace:
    with r.db.read() as s:
        e = exports.get(s, eid)
        return SimpleNamespace(status=e.status, error=e.error, sums_sha256=e.sums_sha256,
                               key_fingerprint=e.key_fingerprint, uid=e.uid)


def _actions(r: Recorded) -> list[str]:
    with r.db.read() as s:
        return [a.action for a in s.scalars(select(AuditEntry).order_by(AuditEntry.id))]


@pytest.fixture
def usb(tmp_path: Path) -> Path:
    d = tmp_path / "usb"
    d.mkdir()
    return d


def _no_complete_folder(dest: Path) -> None:
    for p in dest.iterdir():
        assert p.name.startswith(".controlroom-export-"), p
        assert not (p / "SHA256SUMS.sig").exists()


def test_export_verifies_with_coreutils_and_openssl(recorded: Recorded, tmp_path: Path) -> None:
    r = recorded
    start, end = T0 + timedelta(seconds=3.5), T0 + timedelta(seconds=36)
    eid = r.approved(start, end)
    dest = tmp_path / "usb"
    dest.mkdir()
    seen: list[Progress] = []
    res = run_export(r.db, r.officer, eid, dest, r.home, progress=seen.append)
    folder = res.folder
    assert folder.parent == dest and folder.name.startswith("20261122-0800_CV_15_CAX-DTHS_")
    assert [p.name for p in dest.iterdir()] == [folder.name]  # no partial left
    out = run(["sha256sum", "--strict", "-c", "SHA256SUMS"], folder)
    assert out.returncode == 0, out.stdout + out.stderr
    listed = {line.split("  ", 1)[1] for line in (folder / "SHA256SUMS").read_text().splitlines()}
    on_disk = {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()}
    assert on_disk - listed == {"SHA256SUMS", "SHA256SUMS.sig"}
    assert {"bien_ban.pdf", "manifest.json", "README.txt", "public_key.pem"} <= listed
    ver = run(["openssl", "pkeyutl", "-verify", "-pubin", "-inkey", "public_key.pem", "-rawin",
               "-in", "SHA256SUMS", "-sigfile", "SHA256SUMS.sig"], folder)
    assert "Signature Verified Successfully" in ver.stdout, ver.stdout + ver.stderr
    assert (folder / "SHA256SUMS.sig").stat().st_size == 64
    # fingerprint recipe from README gives the same fingerprint
    fp = subprocess.run("openssl pkey -pubin -in public_key.pem -outform DER | tail -c 32 | "
                        "sha256sum", shell=True, cwd=folder, capture_output=True, text=True)
    assert fp.stdout.split()[0] == res.fingerprint

    m = json.loads((folder / "manifest.json").read_text())
    cam = m["cameras"][0]
    # masters: the three recorded files, bit for bit, hashes equal to the index
    assert [s["recorded_sha256"] for s in cam["segments"]] == [s.sha256 for s in r.segments[:3]]
    for seg, doc in zip(r.segments[:3], cam["segments"], strict=True):
        assert (folder / doc["file"]).read_bytes() == (r.home.recordings / seg.path).read_bytes()
    # actual start is the keyframe at or before the requested start (1 s GOP)
    assert cam["requested_start_utc"] == "2026-11-22T01:00:03.500000Z"
    assert cam["actual_start_utc"].startswith("2026-11-22T01:00:03.")
    assert cam["actual_start_utc"] <= cam["requested_start_utc"]
    assert cam["requested_start_local"] == "22/11/2026 08:00:03"
    # the hole between 20 s and 30 s is a gap; the clip keeps real time across it
    assert [(g["start_utc"][11:19], g["end_utc"][11:19]) for g in cam["gaps"]] == [
        ("01:00:20", "01:00:30")]
    assert m["signing_key"]["demo"] is True and m["signing_key"]["fingerprint"] == res.fingerprint
    assert m["request"]["reference"] == "CV 15/CAX-ĐTHS"
    assert m["people"]["officer"]["full_name"] == "Nguyễn Văn Đức"
    assert m["people"]["approver"]["full_name"] == "Trần Thị Hằng"
    assert m["clock"]["offset_known"] is False
    files = {f["path"]: f for f in m["files"]}
    assert "bien_ban.pdf" not in files and "README.txt" in files
    clip = folder / cam["clips"][0]["file"]
    probe = subprocess.run(["ffprobe", "-v", "error", "-show_entries", "format=duration",
                            "-of", "csv=p=0", str(clip)], capture_output=True, text=True)
    assert 32 < float(probe.stdout) < 34  # 03.x .. 40 s, with the 10 s gap kept as time
    # paper record: check code = sha256(manifest.json), Vietnamese text intact
    text = subprocess.run(["pdftotext", "-layout", "bien_ban.pdf", "-"], cwd=folder,
                          capture_output=True, text=True).stdout
    assert "BIÊN BẢN TRÍCH XUẤT DỮ LIỆU CAMERA" in text
    assert "Nguyễn Văn Đức" in text and "Trần Thị Hằng" in text and "Cổng chợ Đông" in text
    assert res.manifest_sha256 in text.replace("\n", "")
    assert "22/11/2026 08:00:20 –" in text  # the gap (a table cell, wrapped)
    assert "08:00:30 (không rõ nguyên nhân)" in text
    assert "DEMO KEY" in text
    pages = int(subprocess.run(["pdfinfo", "bien_ban.pdf"], cwd=folder, capture_output=True,
                               text=True).stdout.split("Pages:")[1].split()[0])
    assert f"Trang 1/{pages}" in text and f"Trang {pages}/{pages}" in text  # totals shown
    # register, audit, hold
    exp = _status(r, eid)
    assert exp.status == "completed" and exp.sums_sha256 == res.sums_sha256
    assert exp.key_fingerprint == res.fingerprint
    acts = _actions(r)
    assert acts.index("export.request") < acts.index("export.approve") < acts.index(
        "export.start") < acts.index("export.complete")
    assert "key.create" in acts
    with r.db.read() as s:
        holds = [(h.camera_id, h.start_utc, h.end_utc)
                 for h in s.scalars(select(Hold).where(Hold.source == "export"))]
    assert holds == [(r.camera.id, start, end)]
    assert any(p.phase == "verify" for p in seen) and seen[-1].phase == "finish"
    assert (r.home.root / "exports" / exp.uid / "bien_ban.pdf").exists()


def test_no_recording_is_refused_before_writing(recorded: Recorded, usb: Path) -> None:
    r = recorded
    eid = r.approved(T0 + timedelta(hours=2), T0 + timedelta(hours=3))
    with pytest.raises(InvalidInput) as ei:
        run_export(r.db, r.officer, eid, usb, r.home)
    assert "Không có dữ liệu ghi hình" in ei.value.vi and "no recording" in ei.value.en
    assert list(usb.iterdir()) == []
    exp = _status(r, eid)
    assert exp.status == "failed" and "no recording" in exp.error
    assert "export.fail" in _actions(r)


def test_unapproved_request_is_refused(recorded: Recorded, usb: Path) -> None:
    r = recorded
    with r.db.session() as s:
        exp = exports.create_request(s, r.officer, exports.ExportRequest(
            (r.camera.id,), T0, T0 + timedelta(seconds=5), "CV 1", "Lý do"))
        eid = exp.id
    with pytest.raises(PermissionDenied):
        run_export(r.db, r.officer, eid, usb, r.home)
    assert list(usb.iterdir()) == []
    assert "export.run_refused" in _actions(r)


def test_plan_lists_gaps_and_bytes(recorded: Recorded) -> None:
    r = recorded
    with r.db.read() as s:
        plan = plan_export(s, r.home.recordings, [r.camera.id, r.camera2.id], T0,
                           T0 + timedelta(seconds=40))
    c1, c2 = plan.cameras
    assert [s.id for s in c1.segments] == [x.id for x in r.segments[:3]]
    assert [(g.start - T0).total_seconds() for g in c1.gaps] == [20.0]
    assert [((g.start - T0).total_seconds(), (g.end - T0).total_seconds()) for g in c2.gaps] \
        == [(10.0, 40.0)]
    assert plan.master_bytes == sum(x.bytes for x in r.segments)
    assert plan.estimated_bytes > plan.master_bytes


def test_tampered_segment_aborts_naming_it(recorded: Recorded, usb: Path) -> None:
    r = recorded
    victim = r.home.recordings / r.segments[1].path
    data = bytearray(victim.read_bytes())
    data[5000] ^= 0x01
    victim.write_bytes(bytes(data))
    eid = r.approved(T0, T0 + timedelta(seconds=20))
    with pytest.raises(IntegrityError) as ei:
        run_export(r.db, r.officer, eid, usb, r.home)
    assert r.segments[1].path in ei.value.vi
    assert list(usb.iterdir()) == []
    assert _status(r, eid).status == "failed"


def test_cancel_removes_everything(recorded: Recorded, usb: Path) -> None:
    r = recorded
    eid = r.approved(T0, T0 + timedelta(seconds=40))
    cancel = threading.Event()
    with pytest.raises(ExportCancelled):
        run_export(r.db, r.officer, eid, usb, r.home,
                   progress=lambda p: cancel.set(), cancel=cancel)
    assert list(usb.iterdir()) == []
    assert _status(r, eid).status == "cancelled"
    assert "export.cancel" in _actions(r)


def test_target_removed_midway(recorded: Recorded, tmp_path: Path) -> None:
    import shutil

    r = recorded
    eid = r.approved(T0, T0 + timedelta(seconds=40))
    dest = tmp_path / "usb"
    dest.mkdir()

    def pull_the_drive(p: Progress) -> None:
        if p.phase == "video":
            for d in dest.iterdir():
                shutil.rmtree(d)

    with pytest.raises(ExportError) as ei:
        run_export(r.db, r.officer, eid, dest, r.home, progress=pull_the_drive)
    assert "biến mất" in ei.value.vi and "disappeared" in ei.value.en
    _no_complete_folder(dest)
    exp = _status(r, eid)
    assert exp.status == "failed" and "disappeared" in exp.error
    assert "export.fail" in _actions(r)
