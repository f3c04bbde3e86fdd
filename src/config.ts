/** All configuration comes from the environment; see README "Configuration". */
import net from 'node:net';
import path from 'node:path';

export interface Config {
  port: number;
  host: string;
  databaseUrl: string | null;
  dataDir: string;
  /** Base64 32-byte key for identity numbers at rest; when absent a key file in dataDir is used. */
  dataKey: string | null;
  keyFile: string;
  demoPersons: number;
  /** Load the demo county on first start when the database is empty. */
  demoOnEmpty: boolean;
  sessionIdleMinutes: number;
  sessionMaxHours: number;
  loginMaxFailures: number;
  loginLockMinutes: number;
  /** Wrong TOTP or recovery codes per account before the second step locks for loginLockMinutes (issue 18). */
  totpMaxFailures: number;
  /** Proxies whose X-Forwarded-For/-Proto/-Host are believed: none (false), or their addresses/CIDRs (issue 18). */
  trustProxy: false | string[];
  childbearingMinAge: number;
  childbearingMaxAge: number;
  logLevel: string;
  /** Roles that must use a TOTP second factor (等保 level 3: county admins and auditors). */
  mfaRequiredRoles: string[];
  /** Audit rows about nobody in particular (logins, system events): 等保 level 3 keeps them ≥ 6 months. */
  auditLogRetentionMonths: number;
  /** Audit rows about a person (records of processing personal information): PIPL keeps them ≥ 3 years. */
  auditProcessingRetentionMonths: number;
  /** How often a server reloads the data-key ring (keys added by `liudong keys rotate-data` from elsewhere). */
  keyringRefreshSeconds: number;
  /** Statistics cells below this count are withheld from department users and public exports (issue 6). */
  statsMinCell: number;
  /** Signed audit checkpoints (chain position and hash), appended outside the database: next to the key file. */
  auditCheckpointFile: string;
  /** How often a server verifies the newly sealed rows and appends a checkpoint. */
  auditCheckpointSeconds: number;
  /** The demo county also gets certificates, checks, services and an assessment (LIUDONG_DEMO_ACTIVITY=off to skip). */
  demoActivity: boolean;
}

/** A retention setting may be longer than the legal minimum, never shorter. */
function months(name: string, legalMinimum: number): number {
  const n = int(name, legalMinimum);
  if (n < legalMinimum) throw new Error(`${name} must be at least ${legalMinimum} (the legal minimum), got ${n}`);
  return n;
}

function int(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n)) throw new Error(`${name} must be an integer, got "${raw}"`);
  return n;
}

/** proxy-addr's names for address ranges, accepted by Fastify's trustProxy. */
const PROXY_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/**
 * LIUDONG_TRUST_PROXY: unset or `off` (the default: forwarded headers are ignored), or a comma-separated list
 * of the proxies' addresses and CIDR ranges, such as `127.0.0.1` or `10.0.0.0/8,loopback`. Trusting every
 * sender (`true`) or a hop count would let a client that reaches the server directly choose its own address;
 * Fastify 5.12.1 dropped hop counts for that reason, so both are refused with a hint.
 */
export function parseTrustProxy(raw: string | undefined): false | string[] {
  const value = (raw ?? '').trim();
  if (value === '' || value === 'off') return false;
  if (/^\d+$/.test(value) || value === 'true') {
    throw new Error(
      `LIUDONG_TRUST_PROXY must list the proxy's addresses (e.g. 127.0.0.1), not "${value}": a hop count or "true" cannot tell the proxy from a client that connects directly`,
    );
  }
  const entries = value.split(',').map((e) => e.trim());
  const bad = entries.find((entry) => !isProxyEntry(entry));
  if (bad !== undefined) {
    throw new Error(`LIUDONG_TRUST_PROXY must be off or proxy addresses/CIDR ranges separated by commas, got "${bad}"`);
  }
  return entries;
}

function isProxyEntry(entry: string): boolean {
  if (PROXY_RANGES.has(entry)) return true;
  const [address = '', bits, extra] = entry.split('/');
  const version = net.isIP(address);
  if (version === 0 || extra !== undefined) return false;
  return bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= (version === 4 ? 32 : 128));
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const dataDir = path.resolve(env.LIUDONG_DATA_DIR || './data');
  const keyFile = path.resolve(env.LIUDONG_KEY_FILE || path.join(dataDir, 'keys', 'data.key'));
  return {
    port: int('PORT', 3000),
    host: env.HOST || '127.0.0.1',
    databaseUrl: env.DATABASE_URL || null,
    dataDir,
    dataKey: env.LIUDONG_DATA_KEY || null,
    keyFile,
    demoPersons: int('LIUDONG_DEMO_PERSONS', 20000),
    demoOnEmpty: env.LIUDONG_DEMO !== 'off',
    sessionIdleMinutes: int('LIUDONG_SESSION_IDLE_MINUTES', 30),
    sessionMaxHours: int('LIUDONG_SESSION_MAX_HOURS', 12),
    loginMaxFailures: Math.max(1, int('LIUDONG_LOGIN_MAX_FAILURES', 5)),
    loginLockMinutes: int('LIUDONG_LOGIN_LOCK_MINUTES', 15),
    totpMaxFailures: Math.max(1, int('LIUDONG_TOTP_MAX_FAILURES', 5)),
    trustProxy: parseTrustProxy(env.LIUDONG_TRUST_PROXY),
    childbearingMinAge: int('LIUDONG_CHILDBEARING_MIN_AGE', 15),
    childbearingMaxAge: int('LIUDONG_CHILDBEARING_MAX_AGE', 49),
    logLevel: env.LOG_LEVEL || 'info',
    mfaRequiredRoles: (env.LIUDONG_MFA_REQUIRED_ROLES ?? 'county_admin,auditor')
      .split(',')
      .map((r) => r.trim())
      .filter(Boolean),
    auditLogRetentionMonths: months('LIUDONG_AUDIT_LOG_RETENTION_MONTHS', 6),
    auditProcessingRetentionMonths: months('LIUDONG_AUDIT_PROCESSING_RETENTION_MONTHS', 36),
    keyringRefreshSeconds: Math.max(1, int('LIUDONG_KEYRING_REFRESH_SECONDS', 5)),
    statsMinCell: int('LIUDONG_STATS_MIN_CELL', 5),
    demoActivity: env.LIUDONG_DEMO_ACTIVITY !== 'off',
    auditCheckpointFile: path.resolve(
      env.LIUDONG_AUDIT_CHECKPOINT_FILE || path.join(path.dirname(keyFile), 'audit-checkpoints.jsonl'),
    ),
    auditCheckpointSeconds: Math.max(10, int('LIUDONG_AUDIT_CHECKPOINT_SECONDS', 120)),
  };
}
