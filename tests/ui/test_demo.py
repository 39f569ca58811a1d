"""`controlroom demo`: a throw-away installation, the real command in a subprocess under
Xvfb, and the seeding hooks."""

from __future__ import annotations

import contextlib
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from controlroom import demo
from controlroom.paths import DataHome
from controlroom.records import settings, users
from controlroom.records.db import Database, open_database
from controlroom.records.models import AuditEntry

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == PNG_MAGIC
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


@pytest.mark.slow
def test_demo_command_takes_a_screenshot(cli: Any, tmp_path: Path) -> None:
    demo_home = tmp_path / "demo-home"
    shot = tmp_path / "shots" / "main.png"
    r = cli("demo", "--home", str(demo_home), "--screenshot", str(shot),
            "--quit-after", "4", timeout=180)
    assert r.returncode == 0, r
    assert "canbo1" in r.stdout and "canbo1-demo" in r.stdout  # demo passwords shown
    width, height = _png_size(shot)
    assert width > 300 and height > 200
    db = open_database(home=DataHome(demo_home))
    try:
        with db.read() as s:
            assert settings.get(s, "post_name") == demo.DEMO_POST_NAME
            names = {u.username: u for u in users.list_users(s)}
            assert {"quantri", "totruong", "canbo1"} <= set(names)
            assert names["canbo1"].full_name == "Lê Đức Thắng"
            assert names["quantri"].role == "admin" and names["totruong"].role == "leader"
            actions = [(a, actor) for a, actor in s.execute(
                select(AuditEntry.action, AuditEntry.actor).order_by(AuditEntry.id))]
        assert ("auth.login", "canbo1") in actions
        assert actions[-1] == ("session.end", "canbo1")
    finally:
        db.dispose()


@pytest.mark.slow
def test_throwaway_home_is_removed(cli: Any) -> None:
    r = cli("demo", "--quit-after", "1", timeout=180)
    assert r.returncode == 0, r
    first = r.stdout.splitlines()[0]
    path = Path(first.rsplit(" ", 1)[-1])
    assert path.name.startswith("controlroom-demo-")
    assert not path.exists()


def test_no_display_is_a_clear_error(cli: Any) -> None:
    r = cli("gui", env={"DISPLAY": "", "WAYLAND_DISPLAY": "", "QT_QPA_PLATFORM": ""})
    assert r.returncode == 1
    assert r.stderr.strip() == (
        "controlroom: Không có màn hình (DISPLAY chưa đặt). Hãy chạy trong phiên đồ họa.")
    assert "Traceback" not in r.stderr


def test_unknown_demo_user_is_refused(cli: Any) -> None:
    r = cli("demo", "--user", "khongco", "--quit-after", "1")
    assert r.returncode == 1
    assert "khongco" in r.stderr and "Traceback" not in r.stderr


@pytest.fixture
def hook_dir(tmp_path: Path) -> Iterator[Path]:
    d = tmp_path / "hooks"
    d.mkdir()
    sys.path.insert(0, str(d))
    yield d
    sys.path.remove(str(d))
    for name in ("crt_hook_ok", "crt_hook_fails"):
        sys.modules.pop(name, None)


def test_hooks_seed_and_are_undone(sqlite_db: Database, home: DataHome,
                                   hook_dir: Path) -> None:
    (hook_dir / "crt_hook_ok.py").write_text(textwrap.dedent("""
        log = []
        class Started:
            def close(self):
                log.append("closed")
        def seed(db, home):
            log.append(("seeded", str(home.root)))
            return Started()
    """))
    (hook_dir / "crt_hook_fails.py").write_text(textwrap.dedent("""
        from controlroom.errors import UserError
        def seed(db, home):
            raise UserError("Không khởi động được camera mô phỏng.",
                            "Cannot start the simulated cameras.")
    """))
    d = demo.create_demo(sqlite_db, home,
                         hooks=["crt_hook_missing_xyz", "crt_hook_ok", "crt_hook_fails"])
    import crt_hook_ok  # type: ignore[import-not-found]
    assert d.hooks_run == ["crt_hook_ok"]
    assert d.hook_errors == {"crt_hook_fails": "Không khởi động được camera mô phỏng."}
    assert crt_hook_ok.log == [("seeded", str(home.root))]
    d.close()
    assert crt_hook_ok.log[-1] == "closed"


def test_seeding_twice_keeps_one_set_of_users(sqlite_db: Database) -> None:
    demo.seed_base(sqlite_db)
    demo.seed_base(sqlite_db)
    with sqlite_db.read() as s:
        assert len(users.list_users(s)) == len(demo.DEMO_USERS)
    assert users.sign_in(sqlite_db, "totruong", "totruong-demo").role == "leader"


def test_gui_without_a_database_says_how_to_create_one(cli: Any) -> None:
    r = cli("gui")
    assert r.returncode == 3, r
    assert r.stderr.strip() == (
        "controlroom: Chưa có cơ sở dữ liệu. Chạy: controlroom init --admin TÊN")


def _processes_of(home: Path, dbus: bool = False) -> list[int]:
    """Processes started for this demo home (they inherit CONTROLROOM_HOME)."""
    marker = f"CONTROLROOM_HOME={home.resolve()}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                env = (entry / "environ").read_bytes().split(b"\0")
            except OSError:
                continue
            try:
                cmd = (entry / "cmdline").read_bytes()
            except OSError:
                continue
            if marker in env and (b"dbus" in cmd) == dbus:  # a session bus autolaunched
                found.append(int(entry.name))
    return found


@pytest.mark.slow
def test_ctrl_c_stops_the_demo_its_simulator_and_recorder(tmp_path: Path) -> None:
    """Qt swallowed SIGINT: Ctrl+C in the terminal running `make demo` did nothing."""
    import os
    import signal
    import subprocess
    import time

    demo_home = tmp_path / "demo-home"
    out, err_file = tmp_path / "out.txt", tmp_path / "err.txt"
    with out.open("w") as o, err_file.open("w") as e:  # files: a full pipe would block it
        proc = subprocess.Popen([sys.executable, "-m", "controlroom", "demo", "--home",
                                 str(demo_home)], stdout=o, stderr=e, text=True)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and "canbo3" not in out.read_text():
            time.sleep(0.5)  # the last demo account is printed: the window comes next
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and len(_processes_of(demo_home)) < 2:
            time.sleep(0.5)  # its simulator and its recorder
        helpers = set(_processes_of(demo_home)) - {proc.pid}
        assert helpers, "the demo started no simulator or recorder"
        time.sleep(3)  # the window is up
        os.kill(proc.pid, signal.SIGINT)
        rc = proc.wait(timeout=60)
        err = err_file.read_text()
        assert rc == 130, err
        assert "Ctrl+C" in err
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and set(_processes_of(demo_home)) & helpers:
            time.sleep(0.5)
        assert not set(_processes_of(demo_home)) & helpers
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        for pid in _processes_of(demo_home, dbus=True):  # Xvfb has no session bus
            os.kill(pid, signal.SIGTERM)


@contextlib.contextmanager
def own_screen(width: int, height: int) -> Iterator[str]:
    """A private Xvfb screen of this size; yields its DISPLAY."""
    import subprocess
    import time

    n = 140
    while Path(f"/tmp/.X11-unix/X{n}").exists() or Path(f"/tmp/.X{n}-lock").exists():
        n += 1
    proc = subprocess.Popen(["Xvfb", f":{n}", "-screen", "0", f"{width}x{height}x24",
                             "-nolisten", "tcp"], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 20
        while not Path(f"/tmp/.X11-unix/X{n}").exists():
            assert time.monotonic() < deadline and proc.poll() is None, "Xvfb did not start"
            time.sleep(0.1)
        yield f":{n}"
    finally:
        proc.terminate()
        proc.wait(10)


@pytest.mark.slow
@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)])
def test_main_window_opens_maximised(cli: Any, tmp_path: Path, size: tuple[int, int]) -> None:
    """A desk application fills its screen the first time (it opened at 1280×800)."""
    shot = tmp_path / "main.png"
    with own_screen(*size) as display:
        r = cli("demo", "--home", str(tmp_path / "demo-home"), "--screenshot", str(shot),
                "--quit-after", "6", timeout=180,
                env={"DISPLAY": display, "QT_QPA_PLATFORM": "xcb"})
    assert r.returncode == 0, r
    assert _png_size(shot) == size
