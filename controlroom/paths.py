"""Where everything lives: one data home per installation.

`CONTROLROOM_HOME` overrides the platform's user data directory; tests and the demo
always point it at a temporary directory so they never touch real data.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "controlroom"
REPO_ROOT = Path(__file__).resolve().parent.parent
RESOURCES = REPO_ROOT / "resources"


@dataclass(frozen=True)
class DataHome:
    root: Path

    @property
    def database(self) -> Path:
        return self.root / "controlroom.sqlite3"

    @property
    def recordings(self) -> Path:
        return self.root / "recordings"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    @property
    def config(self) -> Path:
        return self.root / "config"

    @property
    def snapshots(self) -> Path:
        return self.root / "snapshots"

    @property
    def run(self) -> Path:
        """Runtime files: recorder lock, control socket address."""
        return self.root / "run"

    def ensure(self) -> DataHome:
        for p in (self.root, self.recordings, self.logs, self.config, self.snapshots, self.run):
            p.mkdir(parents=True, exist_ok=True)
        return self


def data_home() -> DataHome:
    env = os.environ.get("CONTROLROOM_HOME")
    root = Path(env) if env else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    return DataHome(root.expanduser().resolve())
