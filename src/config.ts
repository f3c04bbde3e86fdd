/**
 * All configuration comes from the environment, read here once into one checked object (AppContext.config).
 * A bad value stops start-up with a message naming the variable. README "Configuration" is generated from
 * SETTINGS (`liudong config`), and a test keeps the two, and the variables read, the same.
 */
import net from 'node:net';
import path from 'node:path';
import { z } from 'zod';
import { type ExchangeConfig, exchangeConfig } from './config.exchange.ts';
import { DEFAULT_RESPONSE_WORKING_DAYS } from './core/complaints.ts';
import { DEFAULT_DEADLINE_RULES, type DeadlineRules } from './core/deadlines.ts';
import { DEFAULT_THRESHOLDS, type Thresholds } from './core/dedup/thresholds.ts';

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
  /** Base of the verify link in QR codes; null: the address the console was reached at. */
  publicUrl: string | null;
  /** Default certificate validity in months, per kind. */
  certValidMonths: { standard: number; temporary: number };
  /** Work-list thresholds. */
  deadlines: DeadlineRules;
  /** Complaint answer deadline in working days. */
  complaintResponseDays: number;
  /** Public verification requests per client address per minute. */
  verifyRatePerMinute: number;
  /** Portal sign-in requests per client address per minute. */
  portalRatePerMinute: number;
  /** Duplicate-candidate score thresholds (issue 24, src/core/dedup/score.ts): candidate and likely. */
  duplicates: Thresholds;
  /** How often the background duplicate pass looks for changed persons. */
  duplicatePassSeconds: number;
  /** Encrypt backups under this passphrase instead of the data key. */
  backupPassphrase: string | null;
  /** The information exchange between deployments (see config.exchange.ts). */
  exchange: ExchangeConfig;
}

/** One row of README's configuration table. */
export interface Setting {
  names: string[];
  default: string;
  about: string;
}

/** Every variable the server reads, documented; the README table is printed from this list (`liudong config`). */
export const SETTINGS: Setting[] = [
  { names: ['PORT', 'HOST'], default: '`3000`, `127.0.0.1`', about: 'where the server listens' },
  { names: ['DATABASE_URL'], default: '(unset)', about: 'use PostgreSQL instead of the embedded PGlite' },
  { names: ['LIUDONG_DATA_DIR'], default: '`./data`', about: 'the PGlite folder (and the default key location)' },
  { names: ['LIUDONG_DATA_KEY'], default: '(unset)', about: 'base64 32-byte master key for ID numbers at rest' },
  {
    names: ['LIUDONG_KEY_FILE'],
    default: '`$LIUDONG_DATA_DIR/keys/data.key`',
    about: 'key file used when `LIUDONG_DATA_KEY` is unset',
  },
  {
    names: ['LIUDONG_KEYRING_REFRESH_SECONDS'],
    default: '`5`',
    about: 'how often a server reloads the data-key ring (keys added by `keys rotate-data`)',
  },
  { names: ['LIUDONG_DEMO'], default: '`on`', about: '`off`: do not load the demo county into an empty database' },
  { names: ['LIUDONG_DEMO_PERSONS'], default: '`20000`', about: 'size of the demo county on first start' },
  {
    names: ['LIUDONG_DEMO_ACTIVITY'],
    default: '`on`',
    about: '`off`: the demo county gets people only (no certificates, services, assessment)',
  },
  {
    names: ['LIUDONG_SESSION_IDLE_MINUTES', 'LIUDONG_SESSION_MAX_HOURS'],
    default: '`30` / `12`',
    about: 'session timeouts',
  },
  {
    names: ['LIUDONG_LOGIN_MAX_FAILURES', 'LIUDONG_LOGIN_LOCK_MINUTES'],
    default: '`5` / `15`',
    about: 'account lockout',
  },
  {
    names: ['LIUDONG_TOTP_MAX_FAILURES'],
    default: '`5`',
    about: 'wrong TOTP/recovery codes before the second step locks (for `LIUDONG_LOGIN_LOCK_MINUTES`)',
  },
  {
    names: ['LIUDONG_TRUST_PROXY'],
    default: '`off`',
    about: 'addresses or CIDR ranges of the TLS reverse proxy, comma-separated (e.g. `127.0.0.1`); see below',
  },
  {
    names: ['LIUDONG_CHILDBEARING_MIN_AGE', 'LIUDONG_CHILDBEARING_MAX_AGE'],
    default: '`15` / `49`',
    about: 'the 育龄 range',
  },
  {
    names: ['LIUDONG_MFA_REQUIRED_ROLES'],
    default: '`county_admin,auditor`',
    about: 'roles that must use TOTP; empty to require it of nobody',
  },
  {
    names: ['LIUDONG_BACKUP_PASSPHRASE'],
    default: '(unset)',
    about: 'encrypt backups under a passphrase instead of the data key',
  },
  {
    names: ['LIUDONG_AUDIT_LOG_RETENTION_MONTHS', 'LIUDONG_AUDIT_PROCESSING_RETENTION_MONTHS'],
    default: '`6` / `36`',
    about: 'audit retention (minimums enforced)',
  },
  {
    names: ['LIUDONG_AUDIT_CHECKPOINT_FILE'],
    default: '`audit-checkpoints.jsonl` beside the key file',
    about: "signed audit checkpoints, appended (keep it off the database host's reach)",
  },
  {
    names: ['LIUDONG_AUDIT_CHECKPOINT_SECONDS'],
    default: '`120` (minimum 10)',
    about: 'how often a server verifies newly sealed audit rows and appends a checkpoint',
  },
  {
    names: ['LIUDONG_CERT_VALID_MONTHS', 'LIUDONG_CERT_TEMP_VALID_MONTHS'],
    default: '`12` / `6`',
    about: 'certificate validity',
  },
  {
    names: ['LIUDONG_PUBLIC_URL'],
    default: 'the address the console was reached at',
    about: 'base of the verify link in QR codes',
  },
  {
    names: ['LIUDONG_VERIFY_RATE_PER_MINUTE'],
    default: '`60`',
    about: 'public verification requests per client address',
  },
  {
    names: [
      'LIUDONG_DEADLINE_ARRIVAL_DAYS',
      'LIUDONG_DEADLINE_FIRST_CHECKUP_MONTHS',
      'LIUDONG_DEADLINE_CHECKUP_MONTHS',
      'LIUDONG_DEADLINE_EXPIRY_DAYS',
      'LIUDONG_DEADLINE_LOOKBACK_DAYS',
    ],
    default: '`15`, `1`, `6`, `30`, `365`',
    about: 'work-list thresholds',
  },
  {
    names: ['LIUDONG_COMPLAINT_RESPONSE_DAYS'],
    default: '`5` (at most 60)',
    about: 'complaint answer deadline in working days',
  },
  {
    names: ['LIUDONG_PORTAL_RATE_PER_MINUTE'],
    default: '`20`',
    about: 'portal sign-in requests per client address',
  },
  {
    names: ['LIUDONG_STATS_MIN_CELL'],
    default: '`5`',
    about: 'statistics cells below this are withheld from department users and public exports',
  },
  {
    names: ['LIUDONG_DUPLICATE_CANDIDATE_SCORE', 'LIUDONG_DUPLICATE_LIKELY_SCORE', 'LIUDONG_DUPLICATE_PASS_SECONDS'],
    default: `\`${DEFAULT_THRESHOLDS.candidate}\`, \`${DEFAULT_THRESHOLDS.likely}\`, \`300\``,
    about:
      'duplicate candidates: the score listed on create and in the review queue, the score shown as likely the same person, and how often the background pass runs',
  },
  { names: ['LOG_LEVEL'], default: '`info`', about: 'pino log level' },
  {
    names: ['LIUDONG_DEPLOYMENT_DIVISIONS'],
    default: '(all)',
    about: 'division prefixes this deployment serves, e.g. `34` or `330205,330206`',
  },
  { names: ['LIUDONG_NATS_URL'], default: '(unset)', about: 'NATS JetStream for the exchange between deployments' },
  {
    names: ['LIUDONG_EXCHANGE_PEERS', 'LIUDONG_EXCHANGE_PEERS_FILE'],
    default: '(none)',
    about:
      'trusted peers: JSON `[{"name","publicKey","encryptionKey","divisions"}]` (output of `liudong exchange keys`)',
  },
  {
    names: [
      'LIUDONG_EXCHANGE_SUBJECT',
      'LIUDONG_EXCHANGE_STREAM',
      'LIUDONG_EXCHANGE_CONSUMER',
      'LIUDONG_EXCHANGE_POLL_MS',
    ],
    default: '`liudong.exchange`, `LIUDONG_EXCHANGE`, `liudong-<divisions>`, `200`',
    about: 'NATS names and outbox polling',
  },
];

/** README's configuration table, printed by `liudong config`. */
export function settingsTable(): string {
  const rows = SETTINGS.map((s) => `| ${s.names.map((n) => `\`${n}\``).join(', ')} | ${s.default} | ${s.about} |`);
  return ['| variable | default | meaning |', '| --- | --- | --- |', ...rows].join('\n');
}

/** Reads whole numbers from one environment; a value that is not one, or out of range, names its variable. */
function intReader(env: NodeJS.ProcessEnv) {
  return (name: string, fallback: number, range: { min?: number; max?: number } = {}): number => {
    const raw = env[name];
    if (raw === undefined || raw.trim() === '') return fallback;
    let schema = z.coerce.number().int();
    if (range.min !== undefined) schema = schema.min(range.min);
    if (range.max !== undefined) schema = schema.max(range.max);
    const parsed = schema.safeParse(raw.trim());
    if (parsed.success) return parsed.data;
    const bounds = [
      range.min !== undefined ? `at least ${range.min}` : '',
      range.max !== undefined ? `at most ${range.max}` : '',
    ]
      .filter(Boolean)
      .join(' and ');
    throw new Error(`${name} must be an integer${bounds ? ` ${bounds}` : ''}, got "${raw}"`);
  };
}

/** A switch: `on`/`off` (also true/false, 1/0); anything else names its variable. */
function switchReader(env: NodeJS.ProcessEnv) {
  return (name: string, fallback: boolean): boolean => {
    const raw = env[name]?.trim().toLowerCase();
    if (raw === undefined || raw === '') return fallback;
    if (['on', 'true', '1', 'yes'].includes(raw)) return true;
    if (['off', 'false', '0', 'no'].includes(raw)) return false;
    throw new Error(`${name} must be on or off, got "${env[name]}"`);
  };
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
  const int = intReader(env);
  const on = switchReader(env);
  const dataDir = path.resolve(env.LIUDONG_DATA_DIR || './data');
  const keyFile = path.resolve(env.LIUDONG_KEY_FILE || path.join(dataDir, 'keys', 'data.key'));
  const d = DEFAULT_DEADLINE_RULES;
  const positive = { min: 1 };
  return {
    port: int('PORT', 3000, { min: 0, max: 65535 }),
    host: env.HOST || '127.0.0.1',
    databaseUrl: env.DATABASE_URL || null,
    dataDir,
    dataKey: env.LIUDONG_DATA_KEY || null,
    keyFile,
    demoPersons: int('LIUDONG_DEMO_PERSONS', 20000, { min: 0 }),
    demoOnEmpty: on('LIUDONG_DEMO', true),
    sessionIdleMinutes: int('LIUDONG_SESSION_IDLE_MINUTES', 30, positive),
    sessionMaxHours: int('LIUDONG_SESSION_MAX_HOURS', 12, positive),
    loginMaxFailures: int('LIUDONG_LOGIN_MAX_FAILURES', 5, positive),
    loginLockMinutes: int('LIUDONG_LOGIN_LOCK_MINUTES', 15, { min: 0 }),
    totpMaxFailures: int('LIUDONG_TOTP_MAX_FAILURES', 5, positive),
    trustProxy: parseTrustProxy(env.LIUDONG_TRUST_PROXY),
    childbearingMinAge: int('LIUDONG_CHILDBEARING_MIN_AGE', 15, { min: 0, max: 120 }),
    childbearingMaxAge: int('LIUDONG_CHILDBEARING_MAX_AGE', 49, { min: 0, max: 120 }),
    logLevel: env.LOG_LEVEL || 'info',
    mfaRequiredRoles: (env.LIUDONG_MFA_REQUIRED_ROLES ?? 'county_admin,auditor')
      .split(',')
      .map((r) => r.trim())
      .filter(Boolean),
    // A retention setting may be longer than the legal minimum, never shorter.
    auditLogRetentionMonths: int('LIUDONG_AUDIT_LOG_RETENTION_MONTHS', 6, { min: 6 }),
    auditProcessingRetentionMonths: int('LIUDONG_AUDIT_PROCESSING_RETENTION_MONTHS', 36, { min: 36 }),
    keyringRefreshSeconds: int('LIUDONG_KEYRING_REFRESH_SECONDS', 5, positive),
    statsMinCell: int('LIUDONG_STATS_MIN_CELL', 5, { min: 0 }),
    demoActivity: on('LIUDONG_DEMO_ACTIVITY', true),
    auditCheckpointFile: path.resolve(
      env.LIUDONG_AUDIT_CHECKPOINT_FILE || path.join(path.dirname(keyFile), 'audit-checkpoints.jsonl'),
    ),
    auditCheckpointSeconds: int('LIUDONG_AUDIT_CHECKPOINT_SECONDS', 120, { min: 10 }),
    publicUrl: env.LIUDONG_PUBLIC_URL?.trim().replace(/\/+$/, '') || null,
    certValidMonths: {
      standard: int('LIUDONG_CERT_VALID_MONTHS', 12, { min: 1, max: 120 }),
      temporary: int('LIUDONG_CERT_TEMP_VALID_MONTHS', 6, { min: 1, max: 120 }),
    },
    deadlines: {
      arrivalDays: int('LIUDONG_DEADLINE_ARRIVAL_DAYS', d.arrivalDays, positive),
      firstCheckupMonths: int('LIUDONG_DEADLINE_FIRST_CHECKUP_MONTHS', d.firstCheckupMonths, positive),
      checkupIntervalMonths: int('LIUDONG_DEADLINE_CHECKUP_MONTHS', d.checkupIntervalMonths, positive),
      expiryNoticeDays: int('LIUDONG_DEADLINE_EXPIRY_DAYS', d.expiryNoticeDays, positive),
      lookbackDays: int('LIUDONG_DEADLINE_LOOKBACK_DAYS', d.lookbackDays, positive),
    },
    duplicates: {
      candidate: int('LIUDONG_DUPLICATE_CANDIDATE_SCORE', DEFAULT_THRESHOLDS.candidate, { min: -100, max: 100 }),
      likely: int('LIUDONG_DUPLICATE_LIKELY_SCORE', DEFAULT_THRESHOLDS.likely, { min: -100, max: 100 }),
    },
    duplicatePassSeconds: int('LIUDONG_DUPLICATE_PASS_SECONDS', 300, { min: 1 }),
    complaintResponseDays: int('LIUDONG_COMPLAINT_RESPONSE_DAYS', DEFAULT_RESPONSE_WORKING_DAYS, { min: 1, max: 60 }),
    verifyRatePerMinute: int('LIUDONG_VERIFY_RATE_PER_MINUTE', 60, positive),
    portalRatePerMinute: int('LIUDONG_PORTAL_RATE_PER_MINUTE', 20, positive),
    backupPassphrase: env.LIUDONG_BACKUP_PASSPHRASE || null,
    exchange: exchangeConfig(env),
  };
}
