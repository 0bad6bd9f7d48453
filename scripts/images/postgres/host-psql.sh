#!/usr/bin/env bash
# Prints the path of the host's psql binary (Debian keeps it in /usr/lib/postgresql/<major>/bin; /usr/bin/psql
# is a Perl wrapper), the newest major first. Exits 1 when there is none (apt-get install postgresql-client).
set -euo pipefail
found=$(ls -1 /usr/lib/postgresql/*/bin/psql 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$found" ] && command -v psql >/dev/null 2>&1 && file -L "$(command -v psql)" 2>/dev/null | grep -q ELF; then
  found=$(command -v psql)
fi
[ -n "$found" ] || exit 1
echo "$found"
