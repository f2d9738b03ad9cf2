#!/usr/bin/env bash
# Installs the system packages the service needs to build and run, if any are missing.
# Safe to run repeatedly; uses sudo when not root.
set -euo pipefail

packages=(libsqlite3-dev libcurl4-openssl-dev sqlite3 curl)
missing=()
for package in "${packages[@]}"; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing missing system packages: ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -q
  $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

if ! command -v swift >/dev/null 2>&1; then
  echo "The Swift toolchain (6.x) is required: https://www.swift.org/install/linux/" >&2
  exit 1
fi
