#!/usr/bin/env bash
# Interpreters with ipyparallel 8.8 and 9.2 beside Debian 12's 7.1, without PyPI: the packages come from
# Debian's own archive (trixie and sid carry them, pure Python), fetched through a private apt
# configuration that leaves the machine's sources untouched, and unpacked into venvs that see Debian 12's
# IPython, pyzmq and the rest (--system-site-packages). Idempotent: existing venvs are kept.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cache="${IPP_VERSIONS_CACHE:-$root/.ipp-versions}"
declare -A versions=([8.8]=8.8.0-5 [9.2]=9.2.0-1)

ready() { [ -x "$cache/ipp-$1/bin/python" ] && "$cache/ipp-$1/bin/python" -c "import ipyparallel, sys; sys.exit(not ipyparallel.__version__.startswith('$1'))" 2>/dev/null; }
missing=()
for v in "${!versions[@]}"; do ready "$v" || missing+=("$v"); done
[ ${#missing[@]} -eq 0 ] && exit 0

apt_dir="$cache/apt"
mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial" "$apt_dir/debs"
# The same archive as the machine's own Debian source (deb822 or one-line format).
uri=$(grep -h '^URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '{print $2}' | grep -E '/debian/?$' | head -1 || true)
[ -n "$uri" ] || uri=$(grep -hE '^deb ' /etc/apt/sources.list 2>/dev/null | awk '{print $2}' | grep -E '/debian/?$' | head -1 || true)
[ -n "$uri" ] || { echo "No Debian archive found in the machine's apt sources" >&2; exit 1; }
printf 'deb [trusted=yes] %s trixie main\ndeb [trusted=yes] %s sid main\n' "$uri" "$uri" > "$apt_dir/sources.list"
apt_opts=(-o "Dir::Etc::SourceList=$apt_dir/sources.list" -o Dir::Etc::SourceParts=/dev/null
  -o "Dir::State::Lists=$apt_dir/lists" -o "Dir::Cache=$apt_dir/cache" -o Debug::NoLocking=1
  -o APT::Get::List-Cleanup=0 -o Acquire::Languages=none -o APT::Sandbox::User=root)
echo "Fetching ipyparallel ${missing[*]} from Debian's archive into $cache (once)" >&2
apt-get "${apt_opts[@]}" update -qq >/dev/null
for v in "${missing[@]}"; do
  (cd "$apt_dir/debs" && apt-get "${apt_opts[@]}" download -qq "python3-ipyparallel=${versions[$v]}" >/dev/null)
  deb=$(ls "$apt_dir/debs"/python3-ipyparallel_"${versions[$v]}"_*.deb)
  unpacked="$apt_dir/unpacked-$v"
  rm -rf "$unpacked" "$cache/ipp-$v"
  dpkg-deb -x "$deb" "$unpacked"
  /usr/bin/python3 -m venv --without-pip --system-site-packages "$cache/ipp-$v"
  site=$("$cache/ipp-$v/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
  cp -r "$unpacked"/usr/lib/python3/dist-packages/* "$site/"
  ready "$v" || { echo "ipyparallel $v did not install into $cache/ipp-$v" >&2; exit 1; }
  echo "ipyparallel $("$cache/ipp-$v/bin/python" -c 'import ipyparallel; print(ipyparallel.__version__)') at $cache/ipp-$v/bin/python" >&2
done
