/**
 * Second pass of `npm run deps`: no cycle between modules. Only module-to-module imports count here (type-only
 * ones too); infrastructure and tests are left out of the graph, and each folder src/modules/<name> is one node.
 */
const TEST = '\\.test\\.ts$|\\.test-support\\.ts$|\\.fixtures\\.ts$';
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
    exclude: { path: [TEST] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
