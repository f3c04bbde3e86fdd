/** Table types, declared once per module area (src/db/schema/*); Selectable/Insertable/Updateable are derived where used. */
import type { Role } from '../core/roles.ts';
import type { AccessTables } from './schema/access.ts';
import type { CertificatesTables } from './schema/certificates.ts';
import type { CommunityTables } from './schema/community.ts';
import type { DuplicatesTables } from './schema/duplicates.ts';
import type { ExchangeTables } from './schema/exchange.ts';
import type { PermitsTables } from './schema/permits.ts';
import type { PersonsTables } from './schema/persons.ts';
import type { PortalTables } from './schema/portal.ts';
import type { ServicesTables } from './schema/services.ts';
import type { StatsTables } from './schema/stats.ts';

export type * from './schema/access.ts';
export type * from './schema/certificates.ts';
export type * from './schema/community.ts';
export type * from './schema/duplicates.ts';
export type * from './schema/exchange.ts';
export type * from './schema/permits.ts';
export type * from './schema/persons.ts';
export type * from './schema/portal.ts';
export type * from './schema/services.ts';
export type * from './schema/stats.ts';
export type { Role };

/** Every table, as Kysely sees the database. */
export interface Database
  extends AccessTables,
    PersonsTables,
    CertificatesTables,
    ServicesTables,
    CommunityTables,
    PortalTables,
    ExchangeTables,
    StatsTables,
    DuplicatesTables,
    PermitsTables {}
