"""Which mounted volumes are removable drives (USB sticks, card readers), with label and
free space, for the export dialog's target list. No Qt: psutil for the mounts, the OS's
own removable flag (/sys/block/*/removable on Linux, psutil's "removable" option on
Windows) to tell a USB stick from an internal disk."""

from __future__ import annotations

import os
import re
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


# --- which file system a folder is on (checked before every file an export writes) ---------

MOUNTINFO = Path("/proc/self/mountinfo")
BY_UUID = Path("/dev/disk/by-uuid")


@dataclass(frozen=True)
class FsIdentity:
    """The file system a target folder lives on, taken when the officer chose the drive.

    `dev` alone is not enough: a lazily unmounted drive leaves the bare mount-point folder
    on the system disk (another st_dev, but a second USB stick or a remount can reuse a
    number), so the mount's id, its source device and the file system UUID are compared
    too where the OS tells them (Linux mountinfo, /dev/disk/by-uuid)."""

    dev: int
    mount_id: int = -1
    mount_point: str = ""
    source: str = ""
    fstype: str = ""
    uuid: str = ""

    def describe(self) -> str:
        what = self.uuid or self.source or f"dev {self.dev}"
        return f"{self.mount_point or '?'} ({what})"


def _unescape(field: str) -> str:
    """mountinfo escapes space, tab, newline and backslash as octal (\\040)."""
    return re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), field)


def _mount_of(path: Path, dev: int, mountinfo: Path = MOUNTINFO) -> tuple[int, str, str, str]:
    """(mount id, mount point, source, fstype) of the mount holding `path`, or empty."""
    try:
        lines = mountinfo.read_text().splitlines()
    except OSError:
        return -1, "", "", ""
    want = f"{os.major(dev)}:{os.minor(dev)}"
    real = os.path.realpath(path)
    best: tuple[int, str, str, str] | None = None
    for line in lines:
        left, _, right = line.partition(" - ")
        f, r = left.split(), right.split()
        if len(f) < 5 or len(r) < 2 or f[2] != want:
            continue
        mp = _unescape(f[4])
        inside = real == mp or real.startswith(mp.rstrip("/") + "/")
        if inside and (best is None or len(mp) >= len(best[1])):  # last, deepest is on top
            best = (int(f[0]), mp, _unescape(r[1]), r[0])
    return best or (-1, "", "", "")


def _uuid_of(source: str, by_uuid: Path = BY_UUID) -> str:
    if not source.startswith("/dev/"):
        return ""
    real = os.path.realpath(source)
    try:
        for link in by_uuid.iterdir():
            if os.path.realpath(link) == real:
                return link.name
    except OSError:
        pass
    return ""


def fs_identity(path: Path) -> FsIdentity:
    """Identity of the file system `path` is on (raises OSError if it is gone)."""
    st = os.stat(path)
    if os.name == "nt":  # st_dev is the volume serial number there
        return FsIdentity(st.st_dev)
    mount_id, mp, source, fstype = _mount_of(Path(path), st.st_dev)
    return FsIdentity(st.st_dev, mount_id, mp, source, fstype, _uuid_of(source))


def is_removable_path(path: Path) -> bool:
    """Whether `path` is on a removable drive (a USB stick, a card), as the drive list says."""
    try:
        ident = fs_identity(path)
    except OSError:
        return False
    if os.name == "nt":
        real = os.path.realpath(path).lower()
        return any(real.startswith(str(d.mountpoint).lower()) for d in list_drives(True))
    return is_removable_device(ident.source)
