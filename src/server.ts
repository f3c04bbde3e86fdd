/** Starts the product: open the database, migrate, load the demo county when empty, serve. */
import type { FastifyInstance } from 'fastify';
import { type Config, loadConfig } from './config.ts';
import { openContext } from './context.open.ts';
import { Jobs } from './core/jobs.ts';
import { buildApp } from './http/app.ts';
import { checkAuditChain, sealAudit } from './modules/audit/index.ts';
import { purgeStaleAttempts } from './modules/auth/index.ts';
import { findDemoResident } from './modules/complaints/complaints.demo.ts';
import { DEMO_PASSWORD, demoUsersExist, loadDemo } from './modules/demo/index.ts';
import { runDuplicatePass } from './modules/duplicates/index.ts';
import { startExchange } from './modules/exchange/index.ts';
import { sweepUploads } from './modules/import/index.ts';
import { refreshKeyring, rotateData, rotationPending } from './modules/keys/index.ts';
import { reminderTick } from './modules/reminders/index.ts';
import { ensureSnapshots, expireCertificates } from './modules/stats/index.ts';
import { stepProgress } from './progress.ts';

export { openContext };

export interface RunningServer {
  app: FastifyInstance;
  url: string;
  stop(): Promise<void>;
  /** An unfinished data-key rotation this server finishes in the background (PGlite only). */
  keyRotation?: Promise<void>;
}

export async function startServer(config: Config = loadConfig()): Promise<RunningServer> {
  const { ctx, handle } = await openContext(config);
  const log = (msg: string) => process.stdout.write(`${msg}\n`);
  const persons = await ctx.db
    .selectFrom('person')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const users = await ctx.db
    .selectFrom('app_user')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  if (config.demoOnEmpty && Number(persons.n) === 0 && Number(users.n) === 0) {
    log(`数据库为空，正在加载演示县（宁波市江北区，${config.demoPersons} 人）… / Loading the demo county…`);
    log('端口在加载完成后打开 / The port opens once the demo is loaded.');
    // A first start takes a minute or two: each step shows its own bar, so it never looks stuck.
    const labels = {
      divisions: '区划 divisions',
      persons: '人员 people',
      activity: '证明与服务 certificates and services',
      statistics: '统计汇总 statistics',
      vacuum: '整理数据库 database upkeep',
    };
    const steps = stepProgress(
      labels,
      Object.keys(labels).filter((step) => step !== 'activity' || config.demoActivity),
    );
    await loadDemo(ctx, {
      persons: config.demoPersons,
      seed: 20261129,
      onProgress: (done, total, step) => steps.update(done, total, step),
      activity: config.demoActivity,
    });
    steps.stop();
  }
  const app = await buildApp(ctx, { logger: { level: config.logLevel } });
  // Every background job is registered here, and shutdown waits for them (src/core/jobs.ts).
  const jobs = new Jobs((job, err) => app.log.error({ err, job }, `background job ${job} failed`));
  // Seal the audit chain moments after rows commit; writers never wait on it.
  jobs.every('audit sealer', 1000, () => sealAudit(ctx.db, ctx.auditTrail.keys.chain), { now: false });
  // The whole chain is checked against the checkpoints at start-up, in the background; then the rows sealed
  // since every few minutes, each time appending a checkpoint. A break is logged loudly and shown to auditors.
  const alarm = (message: string) => {
    app.log.error({ auditChain: ctx.auditStatus }, message);
    process.stderr.write(`${message}\n`);
  };
  let fullCheck = true;
  jobs.every('audit chain check', config.auditCheckpointSeconds * 1000, () => {
    const full = fullCheck;
    fullCheck = false;
    return checkAuditChain(ctx.db, ctx.auditTrail, ctx.auditStatus, { full, alarm });
  });
  // Another process (the CLI on PostgreSQL) may add a data key; see src/modules/keys/rotation.ts.
  jobs.every('data-key ring refresh', config.keyringRefreshSeconds * 1000, () => refreshKeyring(ctx.db, ctx.pii), {
    now: false,
  });
  // Certificates that expire stop counting in the statistics (the rollups hold no dates but this one).
  // The same hourly tick records last month's month-end population counts once the month is over.
  jobs.every('statistics expiry and month-end', 3600_000, () =>
    expireCertificates(ctx.db).then(() => ensureSnapshots(ctx.db)),
  );
  // Failed-attempt counts nobody added to for a day, mostly of unknown usernames (issue 18).
  jobs.every('login attempt purge', 3600_000, () => purgeStaleAttempts(ctx.db), { now: false });
  // Import uploads nobody confirmed in their two hours (they hold ID numbers in clear; issue 20).
  jobs.every('import upload sweep', 3600_000, () => sweepUploads(ctx), { now: false });
  // SMS reminders to residents who opted in, in the daytime, each event once (issue 26 part 5).
  jobs.every('resident reminders', 15 * 60_000, () => reminderTick(ctx), { now: false });
  // Duplicate candidates (issue 24): compares the persons changed since the last tick with their blocks.
  jobs.every('duplicate pass', config.duplicatePassSeconds * 1000, () => runDuplicatePass(ctx), { now: false });
  await app.listen({ port: config.port, host: config.host });
  const exchange = await startExchange(ctx, app.log);
  jobs.add('exchange worker', () => exchange.stop());
  const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}`;
  if (await demoUsersExist(ctx.db)) {
    log(
      `⚠ 警告：演示账户仍然存在（密码 ${DEMO_PASSWORD}），正式使用前请删除或更改。 / WARNING: demo accounts exist; remove them before real use.`,
    );
    const resident = await findDemoResident(ctx);
    if (resident) {
      log(
        `演示居民 / demo resident: ${url}/portal 身份证号 ${resident.idNumber}（验证码见下方 [sms] 行 / code in the [sms] line below）`,
      );
    }
  }
  log(`流动 Liudong 已启动 / running at ${url} (database: ${ctx.dbKind})`);
  // PGlite is one process, so `liudong keys rotate-data` cannot run beside the server: an unfinished
  // rotation (e.g. `rotate-data --background`) is finished here, in small batches, while serving.
  // On PostgreSQL the CLI does it beside the servers, and several servers must not all start one.
  const rotationAbort = new AbortController();
  const keyRotation =
    ctx.dbKind === 'pglite' && (await rotationPending(ctx.db))
      ? rotateData(ctx, { propagationMs: 0, batchSize: 200, pauseMs: 10, signal: rotationAbort.signal }).then(
          (r) => {
            log(`数据密钥轮换完成 / data-key rotation to ${r.kid} finished: ${r.rows} rows re-encrypted.`);
          },
          (err: unknown) => app.log.warn({ err }, 'data-key rotation stopped; it resumes at the next start'),
        )
      : undefined;
  jobs.add('data-key rotation', async () => {
    rotationAbort.abort();
    await keyRotation;
  });
  return {
    app,
    url,
    keyRotation,
    async stop() {
      await jobs.stop();
      await app.close();
      await ctx.readAudit.flush();
      await sealAudit(ctx.db, ctx.auditTrail.keys.chain).catch(() => undefined);
      await handle.close();
    },
  };
}
