/**
 * `liudong keys …` (certificate signing keys, offline verification) and `liudong dept-keys …` (partner
 * department API keys). `keys verify` opens no database: it checks a payload with exported public keys
 * using the same core code as the server, so it works on a machine with no connection at all.
 */

import fs from 'node:fs';
import { type Command, InvalidArgumentError } from 'commander';
import { openContext } from '../context.open.ts';
import { extractPayload, type PublicKeyEntry, publicKeyRing, verifyPayload } from '../core/certificate-payload.ts';
import { chinaToday } from '../core/china-time.ts';
import { DEPT_SCOPES, type DeptScope } from '../core/dept-scopes.ts';
import { IssueCollector } from '../core/errors.ts';
import { listPublicKeys, rotateSigningKey } from '../modules/certificates/index.ts';
import { createDeptKey, listDeptKeys, revokeDeptKey } from '../modules/dept/index.ts';
import { checkDivisionField } from '../modules/divisions/index.ts';
import { registerDataKeyCommands } from '../modules/keys/keys.cli.ts';
import { asInvalidArgument } from './issues.ts';

const EMBEDDED_NOTE = '\nWith the embedded database (no DATABASE_URL) stop the server first: PGlite is single-process.';

export interface ExportedKeys {
  format: 'liudong-certificate-keys/1';
  algorithm: 'Ed25519';
  keys: (PublicKeyEntry & { createdAt: string; retiredAt: string | null })[];
}

export function registerKeyCommands(program: Command): void {
  const keys = program
    .command('keys')
    .description(
      'Certificate signing keys (Ed25519); data keys for ID numbers and phones at rest (rotate-data, list, retire)',
    );
  registerDataKeyCommands(keys, EMBEDDED_NOTE);

  keys
    .command('rotate')
    .description(`Retire the active signing key and create a new one; old certificates stay verifiable${EMBEDDED_NOTE}`)
    .action(async () => {
      const { ctx, handle } = await openContext();
      const result = await rotateSigningKey(ctx.db, ctx.pii);
      await handle.close();
      console.log(
        `New signing key ${result.kid}${result.retired.length ? `; retired ${result.retired.join(', ')}` : ''}.`,
      );
    });

  keys
    .command('export')
    .description(`Print the public keys (all, including retired) as JSON for offline verifiers${EMBEDDED_NOTE}`)
    .option('--out <file>', 'write to a file instead of standard output')
    .action(async (opts: { out?: string }) => {
      const { ctx, handle } = await openContext();
      const rows = await listPublicKeys(ctx.db);
      await handle.close();
      const exported: ExportedKeys = {
        format: 'liudong-certificate-keys/1',
        algorithm: 'Ed25519',
        keys: rows.map((r) => ({
          kid: r.kid,
          publicKey: r.public_key,
          createdAt: new Date(r.created_at).toISOString(),
          retiredAt: r.retired_at ? new Date(r.retired_at).toISOString() : null,
        })),
      };
      const text = `${JSON.stringify(exported, null, 2)}\n`;
      if (opts.out) fs.writeFileSync(opts.out, text);
      else process.stdout.write(text);
    });

  keys
    .command('verify <payload>')
    .description('Verify a scanned QR payload offline with exported public keys (no database, no network)')
    .requiredOption('--keys <file>', 'a file written by `liudong keys export`')
    .action((payload: string, opts: { keys: string }) => {
      const exported = JSON.parse(fs.readFileSync(opts.keys, 'utf8')) as ExportedKeys;
      const result = verifyPayload(extractPayload(payload), publicKeyRing(exported.keys));
      if (!result.ok) {
        console.log(`FORGED: ${result.message.zh} / ${result.message.en}`);
        process.exitCode = 1;
        return;
      }
      const f = result.facts;
      console.log(`SIGNATURE OK (key ${result.kid}). Revocation needs the online check.`);
      console.log(JSON.stringify(f, null, 2));
      if (f.expiresOn < chinaToday()) console.log(`EXPIRED on ${f.expiresOn}`);
    });

  const dept = program.command('dept-keys').description('API keys for partner departments (status-only API)');
  dept
    .command('create')
    .description(`Create a key; it is printed once and only its hash is stored${EMBEDDED_NOTE}`)
    .requiredOption('--department <name>', 'e.g. 江北区公安分局')
    .requiredOption('--division <code>', 'the area the department may ask about (2/4/6/9/12 digits)')
    .option('--scope <scope...>', `what the key may do: ${DEPT_SCOPES.join(', ')} (default certificate_status)`)
    .action(async (opts: { department: string; division: string; scope?: string[] }) => {
      const { ctx, handle } = await openContext();
      try {
        // The same division check as the console's department-key page.
        const issues = new IssueCollector();
        const field = { path: 'division', label: { zh: '区划', en: 'division' }, value: opts.division };
        const code = await checkDivisionField(ctx.db, issues, field);
        try {
          issues.throwIfAny();
        } catch (error) {
          asInvalidArgument(error);
        }
        const unknown = (opts.scope ?? []).filter((s) => !(DEPT_SCOPES as readonly string[]).includes(s));
        if (unknown.length > 0) {
          throw new InvalidArgumentError(`unknown scope ${unknown.join(', ')}; choose from ${DEPT_SCOPES.join(', ')}`);
        }
        const scopes = opts.scope as DeptScope[] | undefined;
        const created = await createDeptKey(ctx.db, {
          department: opts.department,
          divisionCode: code as string,
          scopes,
        });
        console.log(`Key for ${opts.department} (${code}), shown once:\n${created.key}`);
      } finally {
        await handle.close();
      }
    });
  dept
    .command('list')
    .description(`List department keys (prefixes only)${EMBEDDED_NOTE}`)
    .action(async () => {
      const { ctx, handle } = await openContext();
      const rows = await listDeptKeys(ctx.db);
      await handle.close();
      for (const r of rows) {
        const used = r.last_used_at ? `last used ${new Date(r.last_used_at).toISOString()}` : 'never used';
        console.log(
          `${r.key_prefix}…  ${r.department}  ${r.division_code}  ${r.revoked_at ? 'revoked' : 'active'}  ${r.scopes.join(',')}  ${used}`,
        );
      }
    });
  dept
    .command('revoke <prefix>')
    .description(`Revoke a department key by its prefix${EMBEDDED_NOTE}`)
    .action(async (prefix: string) => {
      const { ctx, handle } = await openContext();
      const n = await revokeDeptKey(ctx.db, prefix);
      await handle.close();
      console.log(n ? `Revoked ${prefix}.` : `No active key ${prefix}.`);
      if (!n) process.exitCode = 1;
    });
}
