import type { Kysely } from 'kysely';
import { type Migration, type MigrationProvider, Migrator } from 'kysely';
import * as initial from './migrations/2026-11-29T00-initial.ts';
import * as certificates from './migrations/2026-11-29T01-certificates.ts';
import * as importJobs from './migrations/2026-11-29T02-import.ts';
import * as auditRetention from './migrations/2026-11-29T03-audit-retention.ts';
import * as loginHardening from './migrations/2026-11-29T04-login-hardening.ts';
import * as serviceRecords from './migrations/2026-11-29T05-service-records.ts';
import * as services from './migrations/2026-11-29T06-services.ts';
import * as exchange from './migrations/2026-11-29T07-exchange.ts';
import * as portalComplaints from './migrations/2026-11-29T08-portal-complaints.ts';
import * as stats from './migrations/2026-11-29T09-stats.ts';
import * as community from './migrations/2026-11-29T10-community.ts';
import * as dataKeys from './migrations/2026-11-29T11-data-keys.ts';
import * as importWarnings from './migrations/2026-11-29T11-import-warnings.ts';
import * as statsExchange from './migrations/2026-11-29T13-stats-exchange.ts';
import * as statsOutreach from './migrations/2026-11-29T13-stats-outreach.ts';
import * as statsSources from './migrations/2026-11-29T13-stats-sources.ts';
import * as statsStock from './migrations/2026-11-29T13-stats-stock.ts';
import * as exchangeEncryption from './migrations/2026-11-29T14-exchange-encryption.ts';
import * as statsRates from './migrations/2026-11-29T18-stats-rates.ts';
import * as statsSnapshot from './migrations/2026-11-29T19-stats-snapshot.ts';
import * as statsBulk from './migrations/2026-12-02T02-stats-bulk.ts';
import * as personList from './migrations/2026-12-03T00-person-list.ts';
import * as statsPersonDelta from './migrations/2026-12-03T01-stats-person-delta.ts';
import * as auditKeyedChain from './migrations/2026-12-07T00-audit-keyed-chain.ts';
import * as loginAttempts from './migrations/2026-12-07T01-login-attempts.ts';
import * as statsClosedPeriods from './migrations/2026-12-07T04-stats-closed-periods.ts';
import * as statsTargetHistory from './migrations/2026-12-07T04-stats-target-history.ts';
import * as pinyinU from './migrations/2026-12-07T05-pinyin-u.ts';
import * as statsSummarySources from './migrations/2026-12-07T10-stats-summary-sources.ts';
import * as statSubmissions from './migrations/2026-12-07T11-stat-submissions.ts';
import * as importMappings from './migrations/2026-12-07T13-import-mappings.ts';
import * as serviceIdempotency from './migrations/2026-12-07T15-service-idempotency.ts';
import * as sqlFunctions from './migrations/2026-12-08T02-sql-functions.ts';
import * as adminAccounts from './migrations/2026-12-08T03-admin-accounts.ts';
import * as duplicates from './migrations/2026-12-09T10-duplicates.ts';
import * as personMerge from './migrations/2026-12-09T12-person-merge.ts';
import * as inquiryPurpose from './migrations/2026-12-09T14-inquiry-purpose.ts';
import * as routedApplications from './migrations/2026-12-09T14-routed-applications.ts';
import * as servicesElsewhere from './migrations/2026-12-09T14-services-elsewhere.ts';
import * as bookingsTechnicalReminders from './migrations/2026-12-09T16-bookings-technical-reminders.ts';
import * as residencePermits from './migrations/2026-12-09T18-residence-permits.ts';
import { applyFunctionFiles } from './sql-functions.ts';

/** Migrations are listed explicitly so they work the same from tsx, tests and a bundled build. */
const migrations: Record<string, Migration> = {
  '2026-11-29T00-initial': initial,
  '2026-11-29T01-certificates': certificates,
  '2026-11-29T02-import': importJobs,
  '2026-11-29T03-audit-retention': auditRetention,
  '2026-11-29T04-login-hardening': loginHardening,
  '2026-11-29T05-service-records': serviceRecords,
  '2026-11-29T10-community': community,
  '2026-11-29T11-data-keys': dataKeys,
  '2026-11-29T11-import-warnings': importWarnings,
  '2026-11-29T08-portal-complaints': portalComplaints,
  '2026-11-29T06-services': services,
  '2026-11-29T07-exchange': exchange,
  '2026-11-29T09-stats': stats,
  '2026-11-29T13-stats-sources': statsSources,
  '2026-11-29T13-stats-outreach': statsOutreach,
  '2026-11-29T13-stats-exchange': statsExchange,
  '2026-11-29T13-stats-stock': statsStock,
  '2026-11-29T14-exchange-encryption': exchangeEncryption,
  '2026-11-29T18-stats-rates': statsRates,
  '2026-11-29T19-stats-snapshot': statsSnapshot,
  '2026-12-02T02-stats-bulk': statsBulk,
  '2026-12-03T00-person-list': personList,
  '2026-12-03T01-stats-person-delta': statsPersonDelta,
  '2026-12-07T01-login-attempts': loginAttempts,
  '2026-12-07T04-stats-closed-periods': statsClosedPeriods,
  '2026-12-07T04-stats-target-history': statsTargetHistory,
  '2026-12-07T00-audit-keyed-chain': auditKeyedChain,
  '2026-12-07T05-pinyin-u': pinyinU,
  '2026-12-07T10-stats-summary-sources': statsSummarySources,
  '2026-12-07T11-stat-submissions': statSubmissions,
  '2026-12-07T13-import-mappings': importMappings,
  '2026-12-07T15-service-idempotency': serviceIdempotency,
  '2026-12-08T02-sql-functions': sqlFunctions,
  '2026-12-08T03-admin-accounts': adminAccounts,
  '2026-12-09T12-person-merge': personMerge,
  '2026-12-09T16-bookings-technical-reminders': bookingsTechnicalReminders,
  '2026-12-09T14-inquiry-purpose': inquiryPurpose,
  '2026-12-09T14-services-elsewhere': servicesElsewhere,
  '2026-12-09T14-routed-applications': routedApplications,
  '2026-12-09T10-duplicates': duplicates,
  '2026-12-09T18-residence-permits': residencePermits,
};

class StaticProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    return migrations;
  }
}

/**
 * Runs the pending migrations (tables and data), then applies the SQL function files that changed
 * (src/db/sql-functions.ts). A migration therefore sees the functions as the previous version left them.
 */
export async function migrateToLatest<T>(db: Kysely<T>): Promise<string[]> {
  // Issues land in parallel, so a database may meet a migration dated before one it already has.
  const migrator = new Migrator({ db, provider: new StaticProvider(), allowUnorderedMigrations: true });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  await applyFunctionFiles(db);
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
