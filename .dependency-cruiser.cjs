/**
 * The boundaries of src (README, "Layout"), checked by `npm run deps` in CI. A module is a folder
 * src/modules/<name>; its index.ts is its front door. This pass checks files; the second pass
 * (.dependency-cruiser.modules.cjs) checks that modules form no cycle.
 *
 * Tests: a module's tests (and its *.test-support.ts / *.fixtures.ts helpers) may use the module's own internals
 * and reach other modules by their index.ts, like the module itself. The suites in test/, e2e/ and bench/ check a
 * subsystem from outside and may import internals; they are not cruised here.
 */
const TEST = '\\.test\\.ts$|\\.test-support\\.ts$|\\.fixtures\\.ts$';
const INTERNAL = { path: '^src/modules/[^/]+/', pathNot: ['^src/modules/$1/', '^src/modules/[^/]+/index\\.ts$'] };

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'module-front-door',
      severity: 'error',
      comment: "Another module is reached only through its index.ts; the rest of it is private (tests included).",
      from: { path: '^src/modules/([^/]+)/' },
      to: INTERNAL,
    },
    {
      name: 'outside-through-front-door',
      severity: 'error',
      comment: 'Code outside the modules (http, cli, context, server, wiring) also enters a module by its index.ts.',
      from: { path: '^src/', pathNot: '^src/modules/[^/]+/' },
      to: { path: '^src/modules/[^/]+/', pathNot: '^src/modules/[^/]+/index\\.ts$' },
    },
    {
      name: 'core-is-pure',
      severity: 'error',
      comment: 'src/core holds pure rules: it imports nothing from the rest of the project (its tests may).',
      from: { path: '^src/core/', pathNot: TEST },
      to: { path: '^(src|test|web|e2e|bench)/', pathNot: '^src/core/' },
    },
    {
      name: 'no-cli-or-server',
      severity: 'error',
      comment: 'Nothing under src imports the command line or the server entry: they import everything else.',
      from: { path: '^src/', pathNot: ['^src/cli/', '^src/server\\.ts$', TEST] },
      to: { path: ['^src/cli/', '^src/server\\.ts$'] },
    },
    {
      name: 'no-runtime-cycles',
      severity: 'error',
      comment:
        'No import cycle that runs: ESM evaluates a cycle in an order that leaves some bindings undefined while ' +
        'a module loads, and index.ts re-exports make such cycles easy to create. Type-only imports vanish at ' +
        'run time; the module pass still counts them.',
      from: { path: '^src/' },
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    includeOnly: '^src/',
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
