// @nullops/core/pipeline — pure functions shared by core, studio and agent: the pipeline definition
// schema and graph decisions; the validator, expression parser and plan renderer join them here.
export * from './definition.js';
export * from './dag.js';
