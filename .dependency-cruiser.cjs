/**
 * The boundaries of src (README, "Layout"), checked by `npm run deps` in CI. A module is a folder
 * src/modules/<name>; its index.ts is its front door. This pass checks files; the second pass
 * (.dependency-cruiser.modules.cjs) checks that modules form no cycle.
 *
 * Doors: other modules and the code around them (context, server, http, cli) use a module's index.ts. Three kinds
 * of entry point are plugged in from outside instead of re-exported: src/http/app.ts mounts *.routes.ts, src/cli
 * registers *.cli.ts, the demo module (and the server's demo start) seeds with *.demo.ts. So a command that imports
 * an index.ts loads neither the web app nor the demo seeders.
 *
 * Tests: a module's tests (and its *.test-support.ts / *.fixtures.ts helpers) may use the module's own internals
 * and reach other modules by their index.ts or their test helpers. The suites in test/, e2e/ and bench/ check a
 * subsystem from outside and may import internals; they are not cruised here.
 */
const TEST = '\\.test\\.ts$|\\.test-support\\.ts$|\\.fixtures\\.ts$';
const INDEX = '^src/modules/[^/]+/index\\.ts$';
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'module-front-door',
      severity: 'error',
      comment: 'Another module is reached only through its index.ts; the rest of it is private.',
      from: { path: '^src/modules/([^/]+)/', pathNot: [TEST, '^src/modules/demo/'] },
      to: { path: '^src/modules/[^/]+/', pathNot: ['^src/modules/$1/', INDEX] },
    },
    {
      name: 'test-front-door',
      severity: 'error',
      comment: "A module's tests reach another module by its index.ts or by its test helpers.",
      from: { path: `^src/modules/([^/]+)/.*(${TEST})` },
      to: { path: '^src/modules/[^/]+/', pathNot: ['^src/modules/$1/', INDEX, TEST] },
    },
    {
      name: 'outside-through-front-door',
      severity: 'error',
      comment:
        'Code around the modules (context, server, config, wiring, core, db, http, cli) enters a module by its ' +
        'index.ts. Two entry points are mounted from outside: src/http/app.ts mounts *.routes.ts, src/cli ' +
        'registers *.cli.ts.',
      from: {
        path: '^src/',
        pathNot: ['^src/modules/[^/]+/', '^src/http/app\\.ts$', '^src/cli/', '^src/server\\.ts$'],
      },
      to: { path: '^src/modules/[^/]+/', pathNot: INDEX },
    },
    {
      name: 'app-mounts-routes',
      severity: 'error',
      comment: 'src/http/app.ts reaches a module by its index.ts or mounts its *.routes.ts.',
      from: { path: '^src/http/app\\.ts$' },
      to: { path: '^src/modules/[^/]+/', pathNot: [INDEX, '\\.routes\\.ts$'] },
    },
    {
      name: 'cli-registers-commands',
      severity: 'error',
      comment: 'src/cli reaches a module by its index.ts or registers its *.cli.ts (tests: also its test helpers).',
      from: { path: '^src/cli/' },
      to: { path: '^src/modules/[^/]+/', pathNot: [INDEX, '\\.cli\\.ts$', TEST] },
    },
    {
      name: 'demo-seeds',
      severity: 'error',
      comment: "The demo module and the server's demo start reach a module by its index.ts or its *.demo.ts seeders.",
      from: { path: ['^src/modules/demo/', '^src/server\\.ts$'], pathNot: TEST },
      to: { path: '^src/modules/[^/]+/', pathNot: ['^src/modules/demo/', INDEX, '\\.demo\\.ts$'] },
    },
    {
      name: 'index-is-light',
      severity: 'error',
      comment:
        "An index.ts re-exports the module's code, never its routes, commands, demo seeders or test helpers: " +
        'whoever imports it (a CLI command, another module) loads all it re-exports.',
      from: { path: INDEX },
      to: { path: ['\\.(routes|cli|demo)\\.ts$', TEST] },
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
        'No import cycle that runs across a module boundary: ESM evaluates a cycle in an order that leaves some ' +
        'bindings undefined while a module loads, and index.ts re-exports make such cycles easy to create. ' +
        'Type-only imports vanish at run time (the module pass still counts them); a cycle inside one module is ' +
        "that module's own business.",
      from: { path: '^src/modules/([^/]+)/' },
      to: {
        circular: true,
        viaOnly: { dependencyTypesNot: ['type-only'] },
        viaSomeNot: '^src/modules/$1/',
      },
    },
    {
      name: 'no-runtime-cycles-outside',
      severity: 'error',
      comment: 'The same for the code around the modules.',
      from: { path: '^src/', pathNot: '^src/modules/[^/]+/' },
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
