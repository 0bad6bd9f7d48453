#!/usr/bin/env bash
# Fills the build context $1 of nullops-local/node:20: the host's `node` at /usr/local/bin/node with the
# shared libraries it needs, and npm/npx when the host has them (Dockerfiles commonly `RUN npm ci`).
set -euo pipefail

context=${1:?usage: make-context.sh <empty context directory>}
here=$(cd "$(dirname "$0")" && pwd)
node=$(readlink -f "$(command -v node)")
rootfs="$context/rootfs"

mkdir -p "$rootfs/usr/local/bin" "$rootfs/usr/local/lib/node_modules"
cp "$node" "$rootfs/usr/local/bin/node"
"$here/../copy-host-libraries.sh" "$rootfs" "$node"

npm_cli=$(readlink -f "$(command -v npm 2>/dev/null)" 2>/dev/null || true)
if [[ $npm_cli == */npm/bin/npm-cli.js ]]; then
  cp -a "${npm_cli%/bin/npm-cli.js}" "$rootfs/usr/local/lib/node_modules/npm"
  ln -s ../lib/node_modules/npm/bin/npm-cli.js "$rootfs/usr/local/bin/npm"
  ln -s ../lib/node_modules/npm/bin/npx-cli.js "$rootfs/usr/local/bin/npx"
fi
