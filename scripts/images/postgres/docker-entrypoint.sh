#!/bin/sh
# Entrypoint of nullops-local/postgres, modelled on the official postgres image's: on the first start it
# initialises $PGDATA from the POSTGRES_* variables, then runs the server as the unprivileged `postgres`.
# The embedded binaries have no psql, so setup SQL runs through `postgres --single`.
set -eu

# VAR or VAR_FILE (a Docker secret), as in the official image.
file_env() {
  eval "value=\${$1:-}"
  eval "file=\${$1_FILE:-}"
  if [ -n "$value" ] && [ -n "$file" ]; then
    echo "error: both $1 and $1_FILE are set (but are exclusive)" >&2
    exit 1
  fi
  if [ -n "$file" ]; then value=$(cat "$file"); fi
  export "$1=${value:-${2:-}}"
  unset "$1_FILE"
}

single_user() {
  # Single-user mode prints its prompts on stdout and its log on stderr; it keeps going after an error
  # and exits 0, so an ERROR line in the log is what tells failure apart.
  errors=$(postgres --single "$@" 2>&1 >/dev/null | grep -E ' (ERROR|FATAL|PANIC): ' || true)
  if [ -n "$errors" ]; then
    echo "$errors" >&2
    return 1
  fi
}

initialise() {
  file_env POSTGRES_PASSWORD
  file_env POSTGRES_USER postgres
  file_env POSTGRES_DB "$POSTGRES_USER"
  file_env POSTGRES_INITDB_ARGS
  auth=${POSTGRES_HOST_AUTH_METHOD:-scram-sha-256}
  if [ -z "$POSTGRES_PASSWORD" ] && [ "$auth" != trust ]; then
    cat >&2 <<'EOF'
Error: Database is uninitialized and superuser password is not specified.
       You must specify POSTGRES_PASSWORD to a non-empty value for the
       superuser. For example, "-e POSTGRES_PASSWORD=password" on "docker run".

       You may also use "POSTGRES_HOST_AUTH_METHOD=trust" to allow all
       connections without a password. This is *not* recommended.
EOF
    exit 1
  fi

  set -- --username="$POSTGRES_USER" --auth-local=trust --auth-host="$auth" --encoding=UTF8 --locale=C
  pwfile=
  if [ -n "$POSTGRES_PASSWORD" ]; then
    pwfile=$(mktemp)
    printf '%s\n' "$POSTGRES_PASSWORD" >"$pwfile"
    set -- "$@" --pwfile="$pwfile"
  fi
  # shellcheck disable=SC2086 # POSTGRES_INITDB_ARGS is a list of options, as in the official image.
  initdb "$@" $POSTGRES_INITDB_ARGS
  [ -z "$pwfile" ] || rm -f "$pwfile"

  printf "\nlisten_addresses = '*'\nunix_socket_directories = '/var/run/postgresql'\n" >>"$PGDATA/postgresql.conf"
  printf '\nhost all all all %s\n' "$auth" >>"$PGDATA/pg_hba.conf"

  if [ "$POSTGRES_DB" != postgres ]; then
    quoted=$(printf '%s' "$POSTGRES_DB" | sed 's/"/""/g')
    echo "CREATE DATABASE \"$quoted\"" | single_user -D "$PGDATA" postgres
  fi
  for f in /docker-entrypoint-initdb.d/*; do
    case $f in
      *.sh)
        echo "$0: running $f"
        if [ -x "$f" ]; then "$f"; else . "$f"; fi
        ;;
      *.sql)
        echo "$0: running $f"
        single_user -j -D "$PGDATA" "$POSTGRES_DB" <"$f"
        ;;
      */\*) ;;
      *) echo "$0: ignoring $f" ;;
    esac
  done
  echo 'PostgreSQL init process complete; ready for start up.'
}

if [ "${1#-}" != "$1" ]; then set -- postgres "$@"; fi

if [ "$1" = postgres ] && [ "$(id -u)" = 0 ]; then
  # A bind-mounted or fresh volume may belong to root; the server refuses to run as root.
  mkdir -p "$PGDATA"
  chown -R postgres:postgres "$PGDATA"
  chmod 700 "$PGDATA"
  exec su -p -s /bin/sh postgres -c 'exec "$0" "$@"' "$0" "$@"
fi

if [ "$1" = postgres ] && [ ! -s "$PGDATA/PG_VERSION" ]; then initialise; fi

exec "$@"
