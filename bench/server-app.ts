/** Child process: the real Liudong app (session, scope, audit) on the bench database. */
import { buildApp } from '../src/http/app.ts';
import { openContext } from '../src/server.ts';
import { benchConfig } from './support.ts';

const { ctx } = await openContext(benchConfig());
const app = await buildApp(ctx);
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
process.stdout.write(`${JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0 })}\n`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(0));
