#!/usr/bin/env bash
# Installs the Debian 12 packages drsim builds with, and only those that are missing.
set -euo pipefail

packages=(cmake make g++ libboost-graph-dev libeigen3-dev libfmt-dev nlohmann-json3-dev
          doctest-dev libcli11-dev libhowardhinnant-date-dev tzdata libssl-dev
          librandom123-dev libgraphviz-dev pkg-config chromium fonts-dejavu-core)
# libgraphviz-dev lays out the HTML report's graphs; chromium (headless) and the DejaVu fonts
# check the report in a real browser (tests/browser/).
# Optional sets, named on the command line: `mpi` for the -DDRSIM_MPI=ON build.
for set in "$@"; do
  case "$set" in
    mpi) packages+=(libopenmpi-dev openmpi-bin) ;;
    *) echo "install-deps: unknown package set \"$set\" (known: mpi)" >&2; exit 2 ;;
  esac
done

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "install-deps: installing ${missing[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "install-deps: need root (or sudo) to install: ${missing[*]}" >&2; exit 1; }
  sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
# apt and dpkg narrate every package; keep that in a log and show it only when it fails.
log="$(mktemp -t drsim-install-deps.XXXXXX.log)"
if ! { $sudo apt-get update -qq && $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"; } >"$log" 2>&1; then
  echo "install-deps: apt-get failed; the end of its log ($log):" >&2
  tail -n 30 "$log" >&2
  exit 1
fi
rm -f "$log"
echo "install-deps: done"
