#!/usr/bin/env node
// create-nullops-plugin: scaffolds a plugin project from a template (arriving with issue 11).
console.error('create-nullops-plugin: not ready yet.');
process.exit(1);
