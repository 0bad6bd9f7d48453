// The linter `npm test` runs (npm run lint): ESLint's and typescript-eslint's recommended rules, without
// the type-aware ones (tsc -b already type-checks everything, and they would double the time), plus the
// few rules this codebase's boundaries need. Files and rules that differ say why.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '.tap/**', 'coverage/**', '.test-infra/**', '.nullops/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', setImmediate: 'readonly', fetch: 'readonly', AbortController: 'readonly', AbortSignal: 'readonly', structuredClone: 'readonly', TextEncoder: 'readonly', TextDecoder: 'readonly', queueMicrotask: 'readonly', performance: 'readonly', Response: 'readonly', Request: 'readonly', Headers: 'readonly' },
    },
    rules: {
      // Packages import each other by name, statically (dependency-cruiser checks which names): a computed
      // specifier hides a dependency from the compiler and the boundary check.
      'no-restricted-syntax': ['error', { selector: 'ImportExpression:not([source.type="Literal"])', message: 'Import by a literal specifier, so the compiler and the boundary check see the dependency (core/src/kernel/drivers.ts is the one exception: drivers are named in config).' }],
      // Sanitizing input strips control characters by regular expression on purpose.
      'no-control-regex': 'off',
      // `let x; teardown(() => use(x)); x = …` is the usual shape of a test resource: not a missed const.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      // Parameters and catch bindings named _x are deliberately unused (a callback's required position).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    // A bin launcher loads its own package's built entry, or says how to build it: not a dependency.
    files: ['*/bin/*.js'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly' } },
  },
  {
    // Tests read untyped JSON answers of the API as `any`, as a client would.
    files: ['**/test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
