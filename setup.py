"""The one compiled part: controlroom.video._native, the recorder's per-camera loop in C
against the system FFmpeg and OpenSSL (Debian: libavformat-dev libavcodec-dev
libavutil-dev libssl-dev; installer/ensure-deps.sh installs them). Everything else is in
pyproject.toml. Without the headers the build is skipped and the recorder uses PyAV."""

from __future__ import annotations

import shlex
import shutil
import subprocess

from setuptools import Extension, setup

PKGS = ["libavformat", "libavcodec", "libavutil", "libcrypto"]


def pkg_config(flag: str) -> list[str]:
    if not shutil.which("pkg-config"):
        return []
    r = subprocess.run(["pkg-config", flag, *PKGS], capture_output=True, text=True)
    return shlex.split(r.stdout) if r.returncode == 0 else []


cflags, libs = pkg_config("--cflags"), pkg_config("--libs")
setup(ext_modules=[Extension(
    "controlroom.video._native", ["controlroom/video/_native.c"],
    include_dirs=[f[2:] for f in cflags if f.startswith("-I")],
    libraries=[f[2:] for f in libs if f.startswith("-l")] or
    ["avformat", "avcodec", "avutil", "crypto"],
    library_dirs=[f[2:] for f in libs if f.startswith("-L")],
    extra_compile_args=["-O2", "-std=gnu11", "-Wall"],
    optional=True,
)])
