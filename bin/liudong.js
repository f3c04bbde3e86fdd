#!/usr/bin/env node
// Runs the TypeScript CLI through tsx, so `npx liudong …` works from a checkout without a build step.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const tsx = require.resolve('tsx/cli');
// Bulk commands stream with bounded queues, so their live data is small; without a cap V8 still lets the
// heap grow towards 2 GB before collecting. A bounded heap keeps them flat. `import` gets 128 MB: two 4,000-row
// write groups (see MAX_WRITE_ROWS; bench/import-child.ts runs with the same flag). NODE_OPTIONS, because tsx
// runs the program in a further node process.
const heapMb = { import: 128, export: 160 }[process.argv[2] ?? ''];
const env = heapMb
  ? { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --max-old-space-size=${heapMb}`.trim() }
  : process.env;
const result = spawnSync(process.execPath, [tsx, path.join(here, '../src/cli/main.ts'), ...process.argv.slice(2)], {
  stdio: 'inherit',
  env,
});
process.exit(result.status ?? 1);
