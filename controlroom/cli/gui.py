"""`controlroom gui` (the desk) and `controlroom demo` (a throw-away installation).

Qt is imported only inside the commands so that the other CLI commands work on a
machine without a display.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from controlroom.errors import InvalidInput, UserError
from controlroom.i18n import Text
from controlroom.paths import DataHome, data_home

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from controlroom.ui.main_window import MainWindow


def _require_display() -> None:
    if sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
        or os.environ.get("QT_QPA_PLATFORM")
    ):
        raise UserError(
            "Không có màn hình (DISPLAY chưa đặt). Hãy chạy trong phiên đồ họa.",
            "No display (DISPLAY is not set). Run this in a graphical session.",
        )


def _gui(args: argparse.Namespace) -> int:
    _require_display()
    from controlroom.records.db import open_database
    from controlroom.ui import app as uiapp
    from controlroom.ui.desk import run_desk

    home = data_home().ensure()
    db = open_database(home=home)
    db.require_current()
    app = uiapp.start(home)
    try:
        return run_desk(app, db, home)
    finally:
        db.dispose()


def _grab(window: MainWindow, path: Path) -> None:
    """Screen pixels of the window (libVLC draws into native windows that a widget grab
    would show black)."""
    screen = window.screen()
    pixmap = screen.grabWindow(window.winId()) if screen is not None else None
    if pixmap is None or pixmap.isNull():
        pixmap = window.grab()
    path.parent.mkdir(parents=True, exist_ok=True)
    if not pixmap.save(str(path), "PNG"):
        raise InvalidInput("Không ghi được ảnh chụp màn hình vào {p}.",
                           "Cannot write the screenshot to {p}.", p=path)


def _schedule(app: QApplication, window: MainWindow, args: argparse.Namespace,
              errors: list[UserError]) -> None:
    from PySide6.QtCore import QTimer

    quit_ms = int(args.quit_after * 1000) if args.quit_after is not None else None
    if args.screenshot:
        shot_ms = max(200, quit_ms - 500) if quit_ms is not None else 3000

        def shoot() -> None:
            try:
                _grab(window, Path(args.screenshot))
                print(Text("Đã lưu ảnh chụp màn hình: {p}", "Screenshot saved: {p}")
                      .format(p=args.screenshot), flush=True)
            except UserError as e:
                errors.append(e)
                window.close(force=True)

        QTimer.singleShot(shot_ms, shoot)
    if quit_ms is not None:
        QTimer.singleShot(quit_ms, lambda: window.close(force=True))


def _demo(args: argparse.Namespace) -> int:
    _require_display()
    if args.quit_after is not None and args.quit_after <= 0:
        raise InvalidInput("--quit-after phải lớn hơn 0.", "--quit-after must be above 0.")
    from controlroom import demo as demo_data

    who = demo_data.demo_user(args.user)  # before anything is created
    throwaway = args.home is None
    root = Path(tempfile.mkdtemp(prefix="controlroom-demo-")) if throwaway else Path(args.home)
    os.environ["CONTROLROOM_HOME"] = str(root.resolve())
    os.environ["CONTROLROOM_KEYRING"] = "demo"
    os.environ.pop("CONTROLROOM_DB_URL", None)  # the demo never touches a shared database
    home = DataHome(root.resolve()).ensure()

    from controlroom.records import users
    from controlroom.records.db import open_database
    from controlroom.ui import app as uiapp
    from controlroom.ui.desk import run_desk

    db = open_database(home=home)
    print(Text("Bản DEMO — dữ liệu tạm tại {h}", "DEMO — throw-away data in {h}")
          .format(h=home.root), flush=True)
    demo = demo_data.create_demo(db, home)
    try:
        print(Text("Tài khoản demo (tên đăng nhập / mật khẩu / vai trò):",
                   "Demo accounts (user name / password / role):"))
        for u in demo_data.DEMO_USERS:
            print(f"  {u.username:<10} {u.password:<15} {u.role:<8} {u.rank} {u.full_name}")
        for name, message in demo.hook_errors.items():
            print(f"controlroom: {name}: {message}", file=sys.stderr)
        sys.stdout.flush()
        app = uiapp.start(home)
        identity = users.sign_in(db, who.username, who.password)
        errors: list[UserError] = []
        first = [True]

        def scheduled(window: MainWindow) -> None:
            if first[0]:  # --screenshot / --quit-after apply to the first session
                first[0] = False
                _schedule(app, window, args, errors)

        rc = run_desk(app, db, home, identity, demo=True, on_window=scheduled,
                      sign_in_hint=demo_data.sign_in_hint())
        if errors:
            raise errors[0]
        if rc:
            print(Text("Ctrl+C: đang dừng bản demo, trình mô phỏng camera và bộ ghi hình.",
                       "Ctrl+C: stopping the demo, the camera simulator and the recorder."),
                  file=sys.stderr, flush=True)
        return rc
    finally:
        demo.close()
        if throwaway and not args.keep:
            shutil.rmtree(root, ignore_errors=True)


def register(sub: argparse._SubParsersAction) -> None:
    g = sub.add_parser("gui", help="mở bàn trực / open the monitoring desk")
    g.set_defaults(func=_gui)
    d = sub.add_parser("demo", help="bản trình diễn với dữ liệu tạm / demo with throw-away data")
    d.add_argument("--home", help="thư mục dữ liệu demo / demo data directory (kept)")
    d.add_argument("--user", default="canbo1", help="người dùng demo / demo user (canbo1)")
    d.add_argument("--screenshot", metavar="PATH", help="lưu ảnh cửa sổ (PNG) / save a PNG")
    d.add_argument("--quit-after", type=float, metavar="SECONDS",
                   help="tự đóng sau N giây / quit after N seconds")
    d.add_argument("--keep", action="store_true",
                   help="giữ thư mục tạm / keep the temporary directory")
    d.set_defaults(func=_demo)
