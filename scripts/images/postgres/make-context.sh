#!/usr/bin/env bash
# Fills the build context $1 of nullops-local/postgres:17: the embedded-postgres binaries (bin, lib,
# share) at /usr/local/pgsql, the host's psql client (the official image has one), the host libraries
# they need, and the entrypoint.
set -euo pipefail

context=${1:?usage: make-context.sh <empty context directory> <embedded-postgres native directory>}
native=$(readlink -f "${2:?usage: make-context.sh <empty context directory> <embedded-postgres native directory>}")
here=$(cd "$(dirname "$0")" && pwd)
rootfs="$context/rootfs"

mkdir -p "$rootfs/usr/local/pgsql" "$rootfs/usr/local/bin"
# Kept together: the binaries find lib/ through RUNPATH $ORIGIN/../lib and share/ relative to bin/.
cp -a "$native/bin" "$native/lib" "$native/share" "$rootfs/usr/local/pgsql/"
# Static archives and pkg-config files are for compiling against PostgreSQL, not for running it.
rm -rf "$rootfs/usr/local/pgsql/lib/"*.a "$rootfs/usr/local/pgsql/lib/pkgconfig"
SKIP_UNDER="$native" "$here/../copy-host-libraries.sh" "$rootfs" "$native"/bin/*
psql=$("$here/host-psql.sh")
cp -L "$psql" "$rootfs/usr/local/bin/psql"
"$here/../copy-host-libraries.sh" "$rootfs" "$psql"
cp "$here/docker-entrypoint.sh" "$rootfs/usr/local/bin/docker-entrypoint.sh"
chmod 0755 "$rootfs/usr/local/bin/docker-entrypoint.sh"
