#!/bin/sh
# A NullOps component plugin in POSIX sh (PLUGIN-CONTRACT.md): the invocation envelope arrives as one
# JSON line on stdin; logs go to stderr; exactly one JSON document goes to stdout; the exit code says
# whether it worked. The agent has already checked the params against the input schema and filled in
# its defaults, so a param is either there or optional.
set -eu

envelope=$(cat)

# The value of a top-level string param. Good enough for simple values; a plugin that needs nested
# params or arbitrary JSON is easier in TypeScript (@nullops/sdk) or with jq in the image.
param() {
  printf '%s' "$envelope" | sed -n 's/.*"params":{\(.*\)},"context".*/\1/p' | sed -n "s/.*\"$1\":\"\\([^\"]*\\)\".*/\\1/p"
}

# A JSON string for a shell value (backslashes, quotes and control characters escaped).
json_string() {
  printf '"%s"' "$(printf '%s' "$1" | sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/	/\\t/g' | tr -d '\n\r')"
}

log() { echo "INFO  $*" >&2; }

fail() { # code, message
  echo "ERROR $1: $2" >&2
  printf '{"error":{"code":%s,"message":%s}}\n' "$(json_string "$1")" "$(json_string "$2")"
  exit 1
}

trap 'fail TERMINATED "received SIGTERM: stopping"' TERM

case "$envelope" in
  *'"apiVersion":"nullops.dev/v1"'*) ;;
  *) fail API_VERSION_UNSUPPORTED 'this plugin speaks nullops.dev/v1; the envelope names another contract version' ;;
esac

case "$envelope" in
  *'"action":"rollback"'*)
    # Undo what run did outside the deployment's containers; the step's own outputs are in
    # context.outputs.<step id>.
    log "nothing to undo for $(param name)"
    echo '{"outputs":{}}'
    exit 0
    ;;
esac

name=$(param name)
greeting=$(param greeting)
[ -n "$name" ] || fail PLUGIN_BAD_PARAMS 'params: /name is required'
log "greeting $name"
printf '{"outputs":{"message":%s}}\n' "$(json_string "${greeting:-Hello}, $name!")"
