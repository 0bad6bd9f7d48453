// The package and module boundaries `npm test` enforces (scripts/check-boundaries.mjs runs this with
// dependency-cruiser over every workspace's src and test, and adds the one check a rule cannot say:
// no cycles between core's feature modules, core/src/modules/*, as folders). Each rule says why; docs/architecture.md
// draws the same picture. Computed import specifiers are caught by the linter (eslint.config.mjs).
/** The root folder of every workspace package, as a capture group. */
const PACKAGE = '^(core|agent|platform|sdk|registry|studio|templates/[^/]+|plugins-official/(?:drivers|components)/[^/]+)/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'packages-meet-only-through-exports',
      comment: 'A package reaches another only through its package name and the subpaths its package.json "exports" declare (e.g. @nullops/core/contracts), never by a relative path into its folder.',
      severity: 'error',
      from: { path: PACKAGE },
      to: { dependencyTypes: ['local'], pathNot: ['$1/', 'node_modules'] },
    },
    {
      name: 'contracts-depend-on-nothing',
      comment: "core/src/contracts is the shared vocabulary of every package: it uses TypeBox and itself, nothing else of core's.",
      severity: 'error',
      from: { path: '^core/src/contracts/' },
      to: { pathNot: ['^core/src/contracts/', '@sinclair/typebox'] },
    },
    {
      name: 'pipeline-depends-on-contracts-only',
      comment: 'core/src/pipeline holds pure shared decisions: it uses the contracts and a few pure libraries, nothing else of core.',
      severity: 'error',
      from: { path: '^core/src/pipeline/' },
      to: { path: '^core/src/', pathNot: ['^core/src/(contracts|pipeline)/'] },
    },
    {
      name: 'only-tests-use-testing-exports',
      comment: "The `testing` subpaths (@nullops/core/testing, @nullops/driver-ingress-builtin/testing) are test support: a package's shipped code never needs them.",
      severity: 'error',
      from: { path: `${PACKAGE}src/` },
      to: { path: '(^|/)(core|plugins-official/drivers/[^/]+)/(dist/)?test/' },
    },
    {
      name: 'nothing-imports-the-composition-root',
      comment: '@nullops/platform composes every other package; none of them may depend on it.',
      severity: 'error',
      from: { pathNot: '^platform/' },
      to: { path: '^platform/' },
    },
    {
      name: 'core-does-not-know-the-agent',
      comment: 'The control plane talks to agents over the protocol only; the agent package is for the composition root and its tests.',
      severity: 'error',
      from: { path: '^core/' },
      to: { path: '(^|/)agent/' },
    },
    {
      name: 'no-circular-files',
      comment: 'No import cycles between files. (Known: core/src/pipeline/limits.ts takes the PipelineError type from validate.ts, which calls it; the type is to move out of validate.ts.)',
      severity: 'error',
      from: { pathNot: '^core/src/pipeline/(limits|validate)\\.ts$' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|node_modules)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.depcruise.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'types', 'default'],
      extensions: ['.ts', '.js', '.mjs', '.d.ts'],
    },
  },
};
