/**
 * Child process: the baseline. A bare Fastify + pg handler running the same SELECT as the app's
 * lookup (blind index + jurisdiction scope), with no session, no audit and no response shaping.
 */
import Fastify from 'fastify';
import pg from 'pg';
import { createPiiCipher, loadMasterKey } from '../src/security/pii.ts';
import { benchConfig } from './support.ts';

const config = benchConfig();
const pii = createPiiCipher(loadMasterKey(config.dataKey, config.keyFile));
pg.types.setTypeParser(1082, (v: string) => v);
const pool = new pg.Pool({ connectionString: config.databaseUrl ?? '', max: 20 });
const app = Fastify();
app.get<{ Querystring: { idNumber: string; scope: string } }>('/lookup', async (request, reply) => {
  const { rows } = await pool.query(
    'SELECT * FROM person WHERE id_hash = $1 AND (hukou_division LIKE $2 OR residence_division LIKE $2)',
    [pii.blindIndex(request.query.idNumber), `${request.query.scope}%`],
  );
  if (rows.length === 0) return reply.code(404).send({ error: 'not found' });
  return { person: rows[0] };
});
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
process.stdout.write(`${JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0 })}\n`);
// A normal exit on the bench's kill(), so a CPU profile (BENCH_CPU_PROF) gets written.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(0));
