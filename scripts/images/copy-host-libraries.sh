#!/usr/bin/env bash
# Copies the host's shared libraries that the given ELF files need (as `ldd` resolves them, plus the
# dynamic loader) into the root filesystem $1 at the same paths, so the files run on the busybox base.
# SKIP_UNDER names a directory whose libraries are left out because the caller copies them itself
# (binaries that find their own libraries through a RUNPATH like $ORIGIN/../lib).
set -euo pipefail

rootfs=${1:?usage: copy-host-libraries.sh <rootfs> <elf file>...}
shift

libraries=()
for elf in "$@"; do
  resolved=$(LC_ALL=C ldd "$elf")
  if grep -q 'not found' <<<"$resolved"; then
    echo "copy-host-libraries.sh: $elf needs libraries this host lacks:" >&2
    grep 'not found' <<<"$resolved" >&2
    exit 1
  fi
  while read -r path; do
    [[ -z $path || ( -n ${SKIP_UNDER:-} && $path == "$SKIP_UNDER"/* ) ]] || libraries+=("$path")
  done < <(sed -nE 's#^\s*(\S+ => )?(/\S+) \(0x[0-9a-f]+\)$#\2#p' <<<"$resolved")
done

for path in $(printf '%s\n' "${libraries[@]}" | sort -u); do
  mkdir -p "$rootfs$(dirname "$path")"
  # The loader asks for the soname, which on the host is usually a symlink; the copy is the real file.
  cp -L "$path" "$rootfs$path"
done
