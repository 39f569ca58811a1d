"""The self-describing parts of an export: manifest.json, SHA256SUMS, README.txt and the
clock note. Plain formats on purpose: a court expert reads them with a text editor and
checks them with coreutils and OpenSSL, not with our software."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import datetime
from typing import Any

from controlroom.timeutil import as_utc, format_local

FORMAT = "controlroom-evidence/1"
MANIFEST, SUMS, SIG, PUBKEY, README, PDF = (
    "manifest.json", "SHA256SUMS", "SHA256SUMS.sig", "public_key.pem", "README.txt",
    "bien_ban.pdf")
# Files whose hash cannot be inside manifest.json (they are made after it, or hold it).
NOT_IN_MANIFEST = (MANIFEST, SUMS, SIG, PDF)
SIGNED_NOT_SUMMED = (SUMS, SIG)


def iso(dt: datetime | None) -> str:
    return as_utc(dt).strftime("%Y-%m-%dT%H:%M:%S.%fZ") if dt else ""


def local(dt: datetime | None, zone: str) -> str:
    return format_local(dt, zone) if dt else ""


def clock_state() -> dict[str, Any]:
    """What we can honestly say about the clock offline: an offset against true time
    cannot be measured without a reference, so it is recorded as unknown, together with
    whether the OS reports its clock as synchronised (timedatectl, when available)."""
    synced: bool | None = None
    method = "none"
    if shutil.which("timedatectl"):
        try:
            out = subprocess.run(["timedatectl", "show", "-p", "NTPSynchronized", "--value"],
                                 capture_output=True, text=True, timeout=3)
            if out.returncode == 0 and out.stdout.strip() in ("yes", "no"):
                synced = out.stdout.strip() == "yes"
                method = "timedatectl NTPSynchronized"
        except (OSError, subprocess.SubprocessError):
            pass
    if synced is True:
        vi = "Đồng hồ máy ghi đồng bộ NTP theo hệ điều hành; chưa đo được độ lệch (ghi 0)."
        en = "Recorder clock reported NTP-synchronised by the OS; offset not measured (0)."
    elif synced is False:
        vi = "Đồng hồ máy ghi KHÔNG đồng bộ NTP; độ lệch so với giờ chuẩn chưa xác định."
        en = "Recorder clock NOT NTP-synchronised; offset from true time unknown."
    else:
        vi = "Không xác định được trạng thái đồng bộ đồng hồ; độ lệch chưa xác định."
        en = "Clock synchronisation state unknown; offset from true time unknown."
    return {"offset_seconds": 0 if synced else None, "offset_known": False,
            "system_clock_synchronized": synced, "method": method, "note_vi": vi, "note_en": en}


def sums_text(entries: list[tuple[str, str]]) -> bytes:
    """coreutils `sha256sum` format: '<hex>  <relative path>' (text mode), '/' separators."""
    lines = [f"{h}  {p}\n" for p, h in sorted(entries)]
    return "".join(lines).encode("utf-8")


def parse_sums(data: bytes) -> list[tuple[str, str]]:
    """(path, hex) pairs; raises ValueError on a malformed line."""
    out = []
    for n, raw in enumerate(data.decode("utf-8").splitlines(), 1):
        if not raw.strip():
            continue
        h, sep, p = raw.partition("  ")
        if not sep:
            h, sep, p = raw.partition(" *")
        if not sep or len(h) != 64 or any(c not in "0123456789abcdef" for c in h.lower()):
            raise ValueError(f"line {n}")
        out.append((p, h.lower()))
    return out


def manifest_bytes(manifest: dict[str, Any]) -> bytes:
    return (json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=False) + "\n").encode(
        "utf-8")


def readme_text(manifest: dict[str, Any]) -> str:
    """README.txt (vi + en). It is listed in the manifest, so it cannot quote the
    manifest's own hash; the paper record carries that."""
    key = manifest["signing_key"]
    demo = ("\n*** KHÓA KÝ THỬ NGHIỆM (DEMO KEY) — gói này tạo ở chế độ thử nghiệm, KHÔNG có "
            "giá trị chứng cứ. ***\n*** DEMO KEY — made in demo/test mode, NOT evidence. ***\n"
            if key["demo"] else "")
    cams = ", ".join(f"{c['code']} ({c['name']})" for c in manifest["cameras"])
    rng = manifest["range"]
    return f"""DỮ LIỆU CAMERA TRÍCH XUẤT LÀM CHỨNG CỨ / CAMERA FOOTAGE EXPORTED AS EVIDENCE
{demo}
Đơn vị / Unit: {manifest['post']['name']}
Biên bản số / Record no.: {manifest['record_number']}
Mã gói / Export id: {manifest['export_id']}
Camera: {cams}
Thời gian / Range: {rng['requested_start_local']} – {rng['requested_end_local']}
  (giờ Việt Nam / Vietnam time, {rng['time_zone']})
Dấu vân tay khóa ký / Signing key fingerprint: {key['fingerprint_display']}

NỘI DUNG / CONTENTS
  video/          bản xem, sao nguyên luồng không mã hóa lại / playable copy, stream copy
  master/         tệp ghi hình gốc, sao chép từng bit / original recorded segments, bit for bit
  manifest.json   mô tả đầy đủ, mã băm từng tệp / full description, hash of every file
  bien_ban.pdf    biên bản trích xuất / custody record
  SHA256SUMS      mã băm SHA-256 của mọi tệp / SHA-256 of every file
  SHA256SUMS.sig  chữ ký Ed25519 của SHA256SUMS / Ed25519 signature of SHA256SUMS
  public_key.pem  khóa công khai của đơn vị / the unit's public key
  (manifest.json còn mang mốc ký của nhật ký kiểm toán / also carries a signed checkpoint
   of the post's audit log: audit_checkpoint)

CÁCH KIỂM TRA (không cần phần mềm này) — Linux, macOS, Windows (Git Bash / WSL):
1. Mở cửa sổ lệnh trong thư mục này.
2. Kiểm tra mã băm của mọi tệp (mọi dòng phải là OK / ĐẠT):
     sha256sum -c SHA256SUMS
   (Windows PowerShell: Get-FileHash -Algorithm SHA256 <tệp>, so với dòng tương ứng.)
3. Kiểm tra chữ ký (OpenSSL 3 trở lên), phải in "Signature Verified Successfully":
     openssl pkeyutl -verify -pubin -inkey public_key.pem -rawin \
       -in SHA256SUMS -sigfile SHA256SUMS.sig
4. BẮT BUỘC: so dấu vân tay khóa với dòng in trên BIÊN BẢN GIẤY đã ký. Chữ ký đúng chỉ
   chứng tỏ người giữ khóa đã ký; ai cũng có thể sửa dữ liệu rồi ký lại bằng khóa riêng
   và thay public_key.pem. Nếu dấu vân tay khác biên bản, dữ liệu KHÔNG do đơn vị ký:
     openssl pkey -pubin -in public_key.pem -outform DER | tail -c 32 | sha256sum
   (biên bản in cùng 64 chữ số hex đó, chia nhóm bốn: SHA256:abcd ef01 …)
   Với phần mềm này: controlroom verify <thư mục> --expect-fingerprint "SHA256:…"
5. So mã kiểm tra trên biên bản giấy:  sha256sum manifest.json
Nếu một bước sai, dữ liệu đã bị thay đổi hoặc không do đơn vị này ký.

HOW TO CHECK (without this software):
1. Open a terminal in this folder.
2. Check every file's hash (every line must say OK):
     sha256sum -c SHA256SUMS
3. Check the signature (OpenSSL 3+); it must print "Signature Verified Successfully":
     openssl pkeyutl -verify -pubin -inkey public_key.pem -rawin \
       -in SHA256SUMS -sigfile SHA256SUMS.sig
4. REQUIRED: compare the key fingerprint with the one printed on the signed PAPER record
   (biên bản). A valid signature only shows that whoever holds the key signed; anyone
   can alter the data, re-sign it with a key of their own and replace public_key.pem.
   If the fingerprint differs from the paper, the data was NOT signed by this unit:
     openssl pkey -pubin -in public_key.pem -outform DER | tail -c 32 | sha256sum
   (the paper shows the same 64 hex digits in groups of four: SHA256:abcd ef01 …)
   With this software: controlroom verify <folder> --expect-fingerprint "SHA256:…"
5. Compare the check code on the paper record:  sha256sum manifest.json
If any step fails, the data was changed or was not signed by this unit.

Ghi chú / Notes: the playable copy starts at the keyframe at or before the requested start
(see actual_start in manifest.json). Gaps (no recording) are listed per camera.
Clock: {manifest['clock']['note_en']}
"""


def manifest_base(**kw: Any) -> dict[str, Any]:
    """The manifest's fixed top-level order (so humans find things in the same place)."""
    keys = ("format", "export_id", "record_number", "app", "post", "extraction", "request",
            "people", "medium", "clock", "signing_key", "audit_checkpoint", "range", "cameras",
            "files", "totals", "notes")
    return {k: kw.get(k) for k in keys}
