/**
 * The module boundaries of issue 22, checked by `npm run deps` in CI (README, "Layout").
 * A module is a folder src/modules/<name>; its index.ts is its front door.
 * Production code only: tests are cruised separately by the `tests` rules below, see `testRules`.
 */
const MODULE = '^src/modules/([^/]+)/';
const TEST = '\\.test\\.ts$|\\.test-support\\.ts$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-module-cycles',
      severity: 'error',
      comment:
        'Modules form no cycle (checked per folder). An effect that must flow back runs as a hook the announcing ' +
        'module owns (src/core/hooks.ts), registered at start-up by the reacting module (src/modules/wiring.ts).',
      scope: 'folder',
      from: { path: '^src/modules/[^/]+$' },
      to: { path: '^src/modules/[^/]+$', circular: true },
    },
    {
      name: 'no-file-cycles',
      severity: 'error',
      comment:
        'No import cycle between files either: ESM initialises a cycle in an order that leaves some imports ' +
        'undefined at load time.',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'module-front-door',
      severity: 'error',
      comment: "Another module is reached only through its index.ts; the rest of it is private.",
      from: { path: MODULE, pathNot: TEST },
      to: { path: '^src/modules/[^/]+/', pathNot: ['^src/modules/$1/', '^src/modules/[^/]+/index\\.ts$'] },
    },
    {
      name: 'outside-through-front-door',
      severity: 'error',
      comment: 'Code outside src/modules (http, cli, context, server) also enters a module by its index.ts.',
      from: { path: '^src/', pathNot: ['^src/modules/', TEST] },
      to: { path: '^src/modules/[^/]+/', pathNot: '^src/modules/[^/]+/index\\.ts$' },
    },
    {
      name: 'core-is-pure',
      severity: 'error',
      comment: 'src/core holds pure rules: it imports nothing from the rest of the project.',
      from: { path: '^src/core/' },
      to: { path: '^(src|test|web|e2e|bench)/', pathNot: '^src/core/' },
    },
    {
      name: 'no-cli-or-server',
      severity: 'error',
      comment: 'Nothing under src imports the command line or the server entry (they import everything else).',
      from: { path: '^src/', pathNot: ['^src/cli/', '^src/server\\.ts$'] },
      to: { path: ['^src/cli/', '^src/server\\.ts$'] },
    },
    {
      name: 'tests-through-front-door',
      severity: 'error',
      comment:
        "A module's tests may use its own internals; another module is reached by its index.ts. Tests in test/ " +
        'check a subsystem from outside, and may import internals (they name them in their imports).',
      from: { path: `${MODULE}.*(${TEST})` },
      to: { path: '^src/modules/[^/]+/', pathNot: ['^src/modules/$1/', '^src/modules/[^/]+/index\\.ts$'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json'] },
    exclude: { path: TEST },
  },
};
