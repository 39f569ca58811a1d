"""Screenshots of playback and the extraction dialog (idle, running, done, failed) at
1366×768 in Vietnamese and English, into docs/screenshots/.

Run under a 1366×768 X server (a temporary data home is used, nothing else is touched):
    xvfb-run -s "-screen 0 1366x768x24" python tools/screenshots_evidence.py
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
FRAG = "movflags=+frag_keyframe+empty_moov+default_base_moof"
CAMERAS = [("TC-01", "Bến đò Xuân Nộn", "Thôn Đông"), ("TC-02", "Cổng chợ Đông", "Chợ Đông"),
           ("TC-03", "Ngã tư Ủy ban nhân dân xã", "Trụ sở UBND")]


def _segments(d: Path, n: int, seconds: int, colour: str) -> list[Path]:
    subprocess.run(
        ["ffmpeg", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
         f"testsrc2=size=640x360:rate=25,hue=h={colour}", "-t", str(n * seconds), "-vf",
         f"drawtext=fontfile={FONT}:text='%{{pts\\:hms}}':fontsize=40:fontcolor=white:"
         "box=1:boxcolor=black:x=10:y=10", "-c:v", "libx264", "-preset", "ultrafast",
         "-g", "25", "-pix_fmt", "yuv420p", "-f", "segment", "-segment_time", str(seconds),
         "-segment_format", "mp4", "-segment_format_options", FRAG, str(d / "s%d.mp4")],
        check=True)
    return [d / f"s{i}.mp4" for i in range(n)]


def main() -> int:
    tmp = Path(tempfile.mkdtemp(prefix="cr-shots-"))
    os.environ["CONTROLROOM_HOME"] = str(tmp / "home")
    os.environ["CONTROLROOM_KEYRING"] = "demo"
    sys.path.insert(0, str(ROOT))
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QMessageBox

    from controlroom import i18n
    from controlroom.evidence import drives
    from controlroom.paths import DataHome
    from controlroom.records import settings, users
    from controlroom.records.db import open_database
    from controlroom.records.models import Camera, Segment
    from controlroom.records.setup import initialise
    from controlroom.records.users import SYSTEM
    from controlroom.ui.app import translations
    from controlroom.ui.extraction import ExtractionDialog
    from controlroom.ui.playback import PlaybackWindow

    app = QApplication.instance() or QApplication(sys.argv)
    home = DataHome(tmp / "home").ensure()
    db = open_database()
    initialise(db, "quantri", "quantri-Mk2026!")
    now = datetime.now(UTC).replace(microsecond=0)
    t0 = now - timedelta(minutes=3)
    ids = []
    with db.session() as s:
        settings.set_value(s, SYSTEM, "post_name", "Công an xã Xuân Nộn")
        o = users.create(s, SYSTEM, "duc", "canbo-Mk2026!", "officer",
                         full_name="Nguyễn Văn Đức", rank="Thượng úy")
        users.create(s, SYSTEM, "hang", "totruong-Mk2026!", "leader",
                     full_name="Trần Thị Hằng", rank="Trung tá")
        s.flush()
        officer = users.identity(o)
        for k, (code, name, loc) in enumerate(CAMERAS):
            cam = Camera(uid=code, name=name, code=code, location=loc,
                         owner_name="UBND xã Xuân Nộn")
            s.add(cam)
            s.flush()
            ids.append(cam.id)
            src = tmp / code
            src.mkdir()
            for i, f in enumerate(_segments(src, 6, 30, str(40 * k))):
                start = t0 + timedelta(seconds=30 * i)
                rel = f"{code}/{start:%Y-%m-%d}/{code}-main-{start:%Y%m%dT%H%M%SZ}.mp4"
                dest = home.recordings / rel
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy(f, dest)
                s.add(Segment(camera_id=cam.id, stream="main", start_utc=start,
                              end_utc=start + timedelta(seconds=30), duration_s=30,
                              bytes=dest.stat().st_size, codec="h264", width=640, height=360,
                              path=rel, state="closed",
                              sha256=hashlib.sha256(dest.read_bytes()).hexdigest()))
    usb = tmp / "USB_KINGSTON"
    usb.mkdir()
    drives.is_removable_path = lambda p: str(p).startswith(str(usb))  # type: ignore[assignment]
    QMessageBox.critical = lambda *a, **k: QMessageBox.StandardButton.Ok  # type: ignore
    OUT.mkdir(parents=True, exist_ok=True)
    screen = app.primaryScreen()

    def shot(widget: object, name: str) -> None:
        QTest.qWait(100)
        w = widget  # grab the screen: libVLC draws into native windows
        geo = w.frameGeometry()  # type: ignore[attr-defined]
        screen.grabWindow(0, geo.x(), geo.y(), geo.width(), geo.height()).save(
            str(OUT / name))
        print("wrote", OUT / name)

    def wait(ms: int) -> None:
        QTest.qWait(ms)

    for lang in ("vi", "en"):
        i18n.set_language(lang)
        translations.install(lang)
        pb = PlaybackWindow(db, officer, home, zone="Asia/Ho_Chi_Minh")
        pb.move(0, 0)
        pb.show()
        pb.resize(1366, 768)
        wait(300)
        pb.set_cameras(ids[:3])
        pb.controller.play()
        wait(2500)
        pb.set_mark_in()
        wait(1000)
        pb.controller.pause()
        wait(500)
        shot(pb, f"playback-{lang}.png")
        pb.close()
        wait(300)

        def dialog() -> ExtractionDialog:
            d = ExtractionDialog(db, officer, home, ids[:2], t0 + timedelta(seconds=20),
                                 t0 + timedelta(seconds=150))
            d.move(0, 0)
            d.show()
            d.request_ref.setText("Công văn số 1234/CAH-ĐTHS ngày 29/11/2026")
            d.agency.setText("Cơ quan CSĐT Công an huyện Đông Anh")
            d.reason.setPlainText("Phục vụ điều tra vụ trộm cắp xe máy tại cổng chợ Đông "
                                  "sáng 30/11/2026")
            d.witness.setText("Lê Thị Mận")
            d.medium.setText("USB Kingston 32 GB")
            d.seal.setText("NP-0042")
            d.add_target(usb, "USB_KINGSTON", f"USB_KINGSTON ({usb}) — 31.2 GB / 32.0 GB")
            d.leader_user.setText("hang")
            d.leader_pw.setText("totruong-Mk2026!")
            wait(800)
            return d

        d = dialog()
        shot(d, f"extraction-idle-{lang}.png")
        shots: list[bool] = []

        def on_progress(p: object, d: ExtractionDialog = d, lang: str = lang,
                        shots: list[bool] = shots) -> None:
            if not shots and getattr(p, "phase", "") == "video":
                shots.append(True)
                shot(d, f"extraction-running-{lang}.png")

        d.start_btn.click()
        assert d.worker is not None
        d.worker.progressed.connect(on_progress)
        while d.export_result is None and d.worker.isRunning():
            wait(50)
        wait(300)
        shot(d, f"extraction-done-{lang}.png")
        d.close()
        # failed: a recorded file no longer matches the hash stored when it was recorded
        seg = sorted((home.recordings / "TC-01").rglob("*.mp4"))[0]
        good = seg.read_bytes()
        seg.write_bytes(good[:-200] + b"x" * 200)
        d = dialog()
        d.start_btn.click()
        while d.worker is not None and d.worker.isRunning():
            wait(50)
        wait(300)
        shot(d, f"extraction-failed-{lang}.png")
        d.close()
        seg.write_bytes(good)
        # the leader decides on the whole request (custody register → approval queue)
        from controlroom.records import exports
        from controlroom.ui.custody import CustodyDialog

        with db.session() as s:
            exports.create_request(s, officer, exports.ExportRequest(
                tuple(ids[:2]), t0 + timedelta(seconds=30), t0 + timedelta(seconds=120),
                "Công văn số 87/CAH-ĐTHS ngày 30/11/2026",
                "Xác minh tin báo số 12 về vụ trộm cắp xe máy tại cổng chợ Đông lúc 08 giờ "
                "30/11/2026: cần hình ảnh đối tượng và biển số xe đi qua ngã tư Ủy ban.",
                agency="Cơ quan Cảnh sát điều tra Công an huyện Đông Anh",
                witness="Lê Thị Mận", camera_owner="UBND xã Xuân Nộn",
                medium="USB Kingston 32 GB", seal_number="NP-0043"))
            leader = users.identity(users.get(s, "hang"))
        reg = CustodyDialog(db, leader, home)
        reg.move(0, 0)
        reg.show()
        reg.resize(1100, 560)
        reg.tabs.setCurrentWidget(reg.queue)
        reg.queue.selectRow(0)
        details = reg.approve_selected()
        assert details is not None
        details.move(200, 80)
        wait(500)
        shot(details, f"custody-approval-{lang}.png")
        details.reject()
        reg.close()
    shutil.rmtree(tmp, ignore_errors=True)
    sys.stdout.flush()
    os._exit(0)  # libVLC's and Qt's teardown order at exit is not ours to fix here


if __name__ == "__main__":
    raise SystemExit(main())
