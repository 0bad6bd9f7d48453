#!/usr/bin/env node
// `npm pack`/`npm publish` of this folder would make plugin authors install the whole control plane
// (@nullops/core); the published package is made by scripts/pack.mjs instead.
console.error('[@nullops/sdk] pack it with `node sdk/plugin-sdk/scripts/pack.mjs <destination>` (it vendors the contracts and the shared validator), then publish that tarball.');
process.exit(1);
