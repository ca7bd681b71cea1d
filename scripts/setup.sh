#!/usr/bin/env bash
# Everything a fresh Debian/Ubuntu machine needs, installed only when missing: npm packages, Debian's
# ipyparallel 7.1 (gives ipcluster), venvs with ipyparallel 8.8 and 9.2, the scale-out beds (Slurm, MPI, sshd)
# and the offline VS Code host (Node 24, code-server, Chromium). `--demo` (npm start): only what the example
# needs, that is npm packages, ipyparallel 7.1 and the VS Code server; `--bench` adds NumPy.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
[ -d node_modules/esbuild ] || npm ci --no-audit --no-fund --loglevel=error
if ! /usr/bin/python3 -c 'import ipyparallel' >/dev/null 2>&1; then
  echo "Installing Debian's python3-ipyparallel" >&2
  sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends python3-ipyparallel >/dev/null
fi
# The benchmarks' heartbeat soak gives engines NumPy work as well as pure Python.
if [ "${1:-}" = "--bench" ] && ! /usr/bin/python3 -c 'import numpy' >/dev/null 2>&1; then
  echo "Installing Debian's python3-numpy (benchmarks only)" >&2
  sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends python3-numpy >/dev/null
fi
if [ "${1:-}" = "--demo" ]; then
  bash test/host/install.sh --server-only
  exit 0
fi
# The ipyparallel venvs come through a private apt configuration (no lock shared with the machine's apt):
# fetched while the beds and the VS Code host install.
bash scripts/setup-ipp-versions.sh &
versions=$!
bash scripts/scale-out.sh install
bash test/host/install.sh
wait "$versions"
