#!/usr/bin/env bash
# Stops what scripts/test-infra/up.sh started: the two local registries, and dockerd only if up.sh started
# it (a Docker engine that was already running is left alone). Images and registry data stay in place.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
state="$root/.test-infra"
[ -d "$state" ] || { echo '[test-infra] nothing to stop'; exit 0; }

# Waits for a running up.sh so the two do not race over the same daemons.
exec 9>"$state/up.lock"
flock 9

# stop <pid file> <program> <seconds to wait>: a pid file outlives its process and pids are reused, so
# only a live process running <program> is signalled.
stop() {
  local pidfile=$1 program=$2 wait=$3 pid
  [ -f "$pidfile" ] || return 0
  pid=$(cat "$pidfile")
  if kill -0 "$pid" 2>/dev/null && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q "$program"; then
    kill "$pid"
    for _ in $(seq 1 $((wait * 5))); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.2
    done
    if kill -0 "$pid" 2>/dev/null; then
      echo "[test-infra] $program (pid $pid) did not stop within $wait s; it is still running" >&2
      return 1
    fi
    echo "[test-infra] stopped $program (pid $pid)"
  fi
  rm -f "$pidfile"
}

status=0
for pidfile in "$state"/registry-*/pid; do
  stop "$pidfile" docker-registry 10 || status=1
done
# dockerd stops its containers first, which can take a while.
stop "$state/dockerd.pid" dockerd 60 || status=1
exit $status
