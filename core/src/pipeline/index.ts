// @nullops/core/pipeline — pure functions shared by core, studio and agent: the pipeline definition
// schema, graph decisions, `${{ }}` expressions, the one Ajv configuration, the validator, the plan
// renderer and tag-pattern matching. Depends on contracts, Ajv and semver only.
export * from './definition.js';
export * from './dag.js';
export * from './expressions.js';
export * from './json-schema.js';
export * from './resources.js';
export * from './tags.js';
export * from './validate.js';
export * from './render.js';
export * from './run-params.js';
export * from './limits.js';
export * from './masking.js';
export * from './plugin-manifest.js';
