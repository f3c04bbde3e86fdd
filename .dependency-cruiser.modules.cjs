/**
 * Second pass of `npm run deps`: no cycle between modules. Only module-to-module imports count here (type-only
 * ones too), test helpers (*.test-support.ts, *.fixtures.ts) included; infrastructure is left out of the graph,
 * and each folder src/modules/<name> is one node. Fixtures that need the demo generator live in test/support.
 *
 * Test files (*.test.ts) are left out: some check a module through one that uses it, which would read as a cycle
 * although nothing imports them (auth's tests make users with the users module, which uses auth; births' tests
 * read codes from the portal's SMS sender; persons' tests run the importer over names and addresses).
 */
const TEST_FILE = '\\.test\\.ts$';
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-module-cycles',
      severity: 'error',
      comment:
        'Modules form no cycle. An effect that must flow back runs as a hook the announcing module owns ' +
        '(src/core/hooks.ts), registered at start-up by the reacting module (src/modules/wiring.ts).',
      scope: 'folder',
      from: { path: '^src/modules/[^/]+$' },
      to: { path: '^src/modules/[^/]+$', circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    includeOnly: '^src/modules/',
    exclude: { path: TEST_FILE },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
