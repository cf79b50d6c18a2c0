#!/usr/bin/env bash
# Checks that a release `bootstrap` can run on provided.al2023: no glibc symbol newer than 2.34, and only shared
# libraries Amazon Linux 2023 ships (libcurl, libcrypto, libz, libstdc++, libgcc_s, libc, libm and glibc's own).
# Usage: scripts/check-deployable.sh [path/to/bootstrap]
set -euo pipefail
binary=${1:-.build/release/bootstrap}
max_glibc=2.34
[ -x "$binary" ] || { echo "check-deployable: $binary not found; run 'make release' first" >&2; exit 2; }
command -v objdump >/dev/null || { echo "check-deployable: objdump missing (apt-get install binutils)" >&2; exit 2; }

status=0
newest=$(objdump -T "$binary" | grep -o 'GLIBC_[0-9.]*' | sed 's/GLIBC_//' | sort -uV | tail -1)
too_new=$(objdump -T "$binary" | awk '/GLIBC_/ {for (i=1;i<=NF;i++) if ($i ~ /GLIBC_[0-9.]+/) {v=$i; gsub(/[()]/,"",v); print v, $NF}}' \
  | while read -r version symbol; do
      number=${version#GLIBC_}
      if [ "$(printf '%s\n%s\n' "$number" "$max_glibc" | sort -V | tail -1)" != "$max_glibc" ]; then
        echo "$symbol@$version"
      fi
    done | sort -u)
if [ -n "$too_new" ]; then
  echo "FAIL: symbols newer than GLIBC_$max_glibc:"; echo "$too_new" | sed 's/^/  /'; status=1
else
  echo "ok: newest glibc symbol version is GLIBC_$newest (limit $max_glibc)"
fi

allowed='^(libcurl\.so\.4|libcrypto\.so\.3|libz\.so\.1|libstdc\+\+\.so\.6|libgcc_s\.so\.1|libc\.so\.6|libm\.so\.6|libdl\.so\.2|libpthread\.so\.0|librt\.so\.1|libutil\.so\.1|ld-linux-(x86-64|aarch64)\.so\.[12])$'
needed=$(objdump -p "$binary" | awk '/NEEDED/ {print $2}')
bad=$(echo "$needed" | grep -Ev "$allowed" || true)
if [ -n "$bad" ]; then
  echo "FAIL: shared libraries not on provided.al2023:"; echo "$bad" | sed 's/^/  /'; status=1
else
  echo "ok: shared libraries: $(echo $needed)"
fi
size=$(stat -c %s "$binary")
echo "size: $((size / 1024 / 1024)) MiB ($size bytes)"
exit $status
