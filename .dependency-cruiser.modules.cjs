/**
 * Second pass of `npm run deps`: no cycle between modules. Only module-to-module imports count here (type-only
 * ones too), a module's tests and test helpers included; infrastructure is left out of the graph, and each
 * folder src/modules/<name> is one node. Fixtures that need the demo generator live in test/support.
 */
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
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
