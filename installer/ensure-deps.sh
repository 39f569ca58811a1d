#!/usr/bin/env bash
# Install the Debian packages controlroom needs when any is missing (Debian/Ubuntu).
# Quiet and fast when everything is already there.
set -euo pipefail
PKGS=(
  python3-venv python3-pip
  gcc python3-dev pkg-config libavformat-dev libavcodec-dev libavutil-dev libssl-dev
  vlc-plugin-base vlc-plugin-video-output libvlc5
  xvfb xauth libxcb-cursor0 libxkbcommon-x11-0 libxcb-icccm4 libxcb-image0
  libxcb-keysyms1 libxcb-render-util0 libxcb-shape0 libxcb-randr0 libxcb-xinerama0
  libegl1 libgl1 libfontconfig1 libdbus-1-3
  gstreamer1.0-rtsp gir1.2-gst-rtsp-server-1.0 gstreamer1.0-plugins-base
  gstreamer1.0-plugins-good gstreamer1.0-plugins-ugly gstreamer1.0-x gstreamer1.0-tools
  python3-gi
  fonts-dejavu-core
  ffmpeg openssl coreutils poppler-utils
  postgresql
  gnome-keyring dbus dbus-x11
)
missing=()
for p in "${PKGS[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "Installing Debian packages: ${missing[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
