"""File primitives for writing evidence onto removable media: hash while copying, fsync
every file and directory, and drop the page cache before reading back so the re-hash
reads what actually reached the drive (not what is still in memory)."""

from __future__ import annotations

import contextlib
import hashlib
import os
import threading
from collections.abc import Callable
from pathlib import Path

CHUNK = 4 * 1024 * 1024

OnBytes = Callable[[int], None]


class Cancelled(Exception):
    """The user pressed Cancel; the export is rolled back."""


def check_cancel(cancel: threading.Event | None) -> None:
    if cancel is not None and cancel.is_set():
        raise Cancelled()


def fsync_dir(path: Path) -> None:
    """Make a directory entry (new file, rename) durable. No-op where unsupported
    (Windows cannot open directories; NTFS/FAT journaling is flushed by the file fsync)."""
    if os.name == "nt":
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _drop_cache(fd: int) -> None:
    if hasattr(os, "posix_fadvise"):
        with contextlib.suppress(OSError):
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)


def sha256_file(path: Path, on_bytes: OnBytes | None = None,
                cancel: threading.Event | None = None, uncached: bool = False) -> str:
    """SHA-256 of a file. `uncached` first drops the file's clean pages (after fsync) so
    the bytes come from the medium."""
    h = hashlib.sha256()
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        if uncached:
            _drop_cache(fd)
        with os.fdopen(os.dup(fd), "rb", buffering=0) as f:
            while True:
                check_cancel(cancel)
                block = f.read(CHUNK)
                if not block:
                    break
                h.update(block)
                if on_bytes:
                    on_bytes(len(block))
    finally:
        os.close(fd)
    return h.hexdigest()


def copy_hashed(src: Path, dst: Path, on_bytes: OnBytes | None = None,
                cancel: threading.Event | None = None) -> tuple[str, int]:
    """Copy bit for bit, hashing the source bytes as they pass; fsync the copy.
    Returns (sha256 hex, size)."""
    h = hashlib.sha256()
    size = 0
    with src.open("rb", buffering=0) as fin, dst.open("xb", buffering=0) as fout:
        while True:
            check_cancel(cancel)
            block = fin.read(CHUNK)
            if not block:
                break
            h.update(block)
            view = memoryview(block)
            while view:
                n = fout.write(view)
                view = view[n or 0:]
            size += len(block)
            if on_bytes:
                on_bytes(len(block))
        fout.flush()
        os.fsync(fout.fileno())
    return h.hexdigest(), size


def write_synced(path: Path, data: bytes) -> str:
    """Write a small file, fsync it, return its SHA-256."""
    with path.open("xb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    return hashlib.sha256(data).hexdigest()


def fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
