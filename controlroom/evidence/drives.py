"""Which mounted volumes are removable drives (USB sticks, card readers), with label and
free space, for the export dialog's target list. No Qt: psutil for the mounts, the OS's
own removable flag (/sys/block/*/removable on Linux, psutil's "removable" option on
Windows) to tell a USB stick from an internal disk."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import psutil

SYS_BLOCK = Path("/sys/block")
BY_LABEL = Path("/dev/disk/by-label")


@dataclass(frozen=True)
class Drive:
    mountpoint: Path
    device: str
    label: str
    fstype: str
    free: int
    total: int
    removable: bool
    writable: bool


def _parent_block(dev: str) -> str:
    """'/dev/sdb1' -> 'sdb', '/dev/mmcblk0p1' -> 'mmcblk0', '/dev/nvme0n1p2' -> 'nvme0n1'."""
    name = os.path.basename(os.path.realpath(dev))
    part = Path("/sys/class/block") / name
    try:
        if (part / "partition").exists():
            return part.resolve().parent.name
    except OSError:
        pass
    return name


def is_removable_device(dev: str, sys_block: Path = SYS_BLOCK) -> bool:
    if not dev.startswith("/dev/"):
        return False
    flag = sys_block / _parent_block(dev) / "removable"
    try:
        if flag.read_text().strip() == "1":
            return True
    except OSError:
        return False
    # USB disks that report removable=0 (many SSD enclosures) are still on the USB bus.
    try:
        return "/usb" in str((sys_block / _parent_block(dev)).resolve())
    except OSError:
        return False


def _labels() -> dict[str, str]:
    out: dict[str, str] = {}
    try:
        for link in BY_LABEL.iterdir():
            out[os.path.realpath(link)] = link.name.encode().decode("unicode_escape", "ignore")
    except OSError:
        pass
    return out


def list_drives(removable_only: bool = True) -> list[Drive]:
    labels = _labels()
    drives = []
    for part in psutil.disk_partitions(all=False):
        if os.name == "nt":
            removable = "removable" in part.opts
        else:
            removable = is_removable_device(part.device)
        if removable_only and not removable:
            continue
        mp = Path(part.mountpoint)
        try:
            usage = shutil.disk_usage(mp)
        except OSError:
            continue
        label = labels.get(os.path.realpath(part.device), "") or mp.name or part.device
        drives.append(Drive(mp, part.device, label, part.fstype, usage.free, usage.total,
                            removable, os.access(mp, os.W_OK) and "ro" not in
                            part.opts.split(",")))
    return drives


def describe(d: Drive) -> str:
    return f"{d.label} ({d.mountpoint}) — {d.free / 1e9:.1f} GB / {d.total / 1e9:.1f} GB"
