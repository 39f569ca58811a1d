"""Refresh the screenshots of docs/screenshots/ that show the desk itself.

    python tools/screenshots.py [--size 1366x768] [--only main|signin|lock]

Runs on a private Xvfb screen of that size (the usual office screen here is 1366×768),
in both languages:
- `main-window-vi.png`, `main-window-en.png`: `controlroom demo` (simulated cameras, demo
  data, maximised window) captured after the pictures have come up;
- `signin-vi.png`, `signin-en.png`: the sign-in dialog of the demo, on that screen;
- `idle-lock-vi.png`, `idle-lock-en.png`: the demo locked after idling (the cameras stay
  in view, only control is locked).

Playback and extraction screenshots are made by their own tests/tools. Look at every
picture before committing it.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"


def _xvfb(width: int, height: int) -> tuple[subprocess.Popen[bytes], str]:
    n = 150
    while Path(f"/tmp/.X11-unix/X{n}").exists() or Path(f"/tmp/.X{n}-lock").exists():
        n += 1
    proc = subprocess.Popen(["Xvfb", f":{n}", "-screen", "0", f"{width}x{height}x24",
                             "-nolisten", "tcp"], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 20
    while not Path(f"/tmp/.X11-unix/X{n}").exists():
        if time.monotonic() > deadline or proc.poll() is not None:
            raise SystemExit("Xvfb did not start")
        time.sleep(0.1)
    return proc, f":{n}"


def main_window(lang: str, env: dict[str, str]) -> Path:
    shot = OUT / f"main-window-{lang}.png"
    with tempfile.TemporaryDirectory(prefix="controlroom-shot-") as tmp:
        subprocess.run([sys.executable, "-m", "controlroom", "demo", "--home",
                        str(Path(tmp) / "home"), "--screenshot", str(shot),
                        "--quit-after", "25"], check=True, env=env, timeout=300)
    return shot


SIGNIN_SCRIPT = r"""
import sys, tempfile
from pathlib import Path
from PySide6.QtCore import QTimer
from controlroom import demo
from controlroom.paths import DataHome
from controlroom.records.db import open_database
from controlroom.ui import app as uiapp
from controlroom.ui.signin import SignInDialog

home = DataHome(Path(tempfile.mkdtemp(prefix="controlroom-shot-"))).ensure()
db = open_database(home=home)
demo.seed_base(db)
app = uiapp.start(home)
dlg = SignInDialog(db, home, post_name=demo.DEMO_POST_NAME, hint=demo.sign_in_hint())
dlg.show()
screen = dlg.screen().availableGeometry()
dlg.move(screen.center() - dlg.rect().center())
dlg.username.setText("canbo1")

def shoot():
    pm = dlg.screen().grabWindow(0, dlg.x(), dlg.y(), dlg.width(), dlg.height())
    pm.save(sys.argv[1], "PNG")
    app.quit()

QTimer.singleShot(1500, shoot)
app.exec()
db.dispose()
"""


LOCK_SCRIPT = r"""
import os, sys, tempfile
from pathlib import Path
root = Path(tempfile.mkdtemp(prefix="controlroom-shot-"))
os.environ["CONTROLROOM_HOME"] = str(root)
os.environ["CONTROLROOM_KEYRING"] = "demo"
from PySide6.QtCore import QTimer
from controlroom import demo
from controlroom.paths import DataHome
from controlroom.records import users
from controlroom.records.db import open_database
from controlroom.ui import app as uiapp
from controlroom.ui.main_window import MainWindow

home = DataHome(root).ensure()
db = open_database(home=home)
d = demo.create_demo(db, home)
try:
    app = uiapp.start(home)
    who = demo.demo_user("canbo1")
    w = MainWindow(db, users.sign_in(db, who.username, who.password), home, demo=True)
    w.show_desk()

    def shoot():
        pm = w.screen().grabWindow(0)
        pm.save(sys.argv[1], "PNG")
        w.close(force=True)

    QTimer.singleShot(40000, lambda: w.idle_lock.lock("idle"))
    QTimer.singleShot(42000, shoot)
    app.exec()
finally:
    d.close()
"""


def idle_lock(lang: str, env: dict[str, str]) -> Path:
    shot = OUT / f"idle-lock-{lang}.png"
    subprocess.run([sys.executable, "-c", LOCK_SCRIPT, str(shot)], check=True, env=env,
                   timeout=180)
    return shot


def signin(lang: str, env: dict[str, str]) -> Path:
    shot = OUT / f"signin-{lang}.png"
    subprocess.run([sys.executable, "-c", SIGNIN_SCRIPT, str(shot)], check=True, env=env,
                   timeout=120)
    return shot


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--size", default="1366x768")
    p.add_argument("--only", choices=("main", "signin", "lock"))
    args = p.parse_args(argv)
    width, height = (int(x) for x in args.size.split("x"))
    OUT.mkdir(parents=True, exist_ok=True)
    xvfb, display = _xvfb(width, height)
    try:
        for lang in ("vi", "en"):
            env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb",
                   "CONTROLROOM_LANG": lang, "PYTHONPATH": str(ROOT)}
            env.pop("CONTROLROOM_HOME", None)
            if args.only in (None, "signin"):
                print(signin(lang, env))
            if args.only in (None, "main"):
                print(main_window(lang, env))
            if args.only in (None, "lock"):
                print(idle_lock(lang, env))
    finally:
        xvfb.terminate()
        xvfb.wait(10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
