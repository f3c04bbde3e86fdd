// Frozen in time: never import application code here.
import { type Kysely, sql } from 'kysely';

/**
 * Community work (issue 9, part B): households and twelve-household groups (十二户联勤) with their monthly
 * duty rota, duty logs and visits; village representatives (村民代表联户); employers and landlords with
 * cooperation agreements; outreach events (宣传活动). Every table carries the division code of the village
 * or office it belongs to, for scope in SQL and distribution by province.
 * Employers and landlords have no fields for pregnancies or incomes, by design (MISSION.md).
 */
const statements = [
  `CREATE TABLE village_representative (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      division_code text COLLATE "C" NOT NULL REFERENCES division(code),
      name text NOT NULL,
      phone text,
      active boolean NOT NULL DEFAULT true,
      created_by uuid REFERENCES app_user(id),
      created_at timestamptz NOT NULL DEFAULT now()
    )`,
  `CREATE INDEX village_representative_division_idx ON village_representative (division_code)`,
  `CREATE TABLE employer_landlord (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      kind text NOT NULL CHECK (kind IN ('employer', 'landlord')),
      division_code text COLLATE "C" NOT NULL REFERENCES division(code),
      name text NOT NULL,
      address text,
      contact_name text,
      contact_phone text,
      industry text,
      notes text,
      created_by uuid REFERENCES app_user(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      version integer NOT NULL DEFAULT 1
    )`,
  `CREATE INDEX employer_landlord_division_idx ON employer_landlord (division_code, kind)`,
  `CREATE TABLE cooperation_agreement (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      party_id uuid NOT NULL REFERENCES employer_landlord(id) ON DELETE CASCADE,
      division_code text COLLATE "C" NOT NULL REFERENCES division(code),
      kind text NOT NULL CHECK (kind IN ('distribution_point', 'pays_free_services', 'onsite_service_days')),
      signed_on date NOT NULL,
      valid_until date,
      service_days_per_year integer CHECK (service_days_per_year BETWEEN 1 AND 366),
      details text,
      created_by uuid REFERENCES app_user(id),
      created_at timestamptz NOT NULL DEFAULT now()
    )`,
  `CREATE INDEX cooperation_agreement_party_idx ON cooperation_agreement (party_id)`,
  `ALTER TABLE person ADD COLUMN employer_id uuid REFERENCES employer_landlord(id) ON DELETE SET NULL`,
  `ALTER TABLE person ADD COLUMN landlord_id uuid REFERENCES employer_landlord(id) ON DELETE SET NULL`,
  `CREATE INDEX person_employer_idx ON person (employer_id) WHERE employer_id IS NOT NULL`,
  `CREATE INDEX person_landlord_idx ON person (landlord_id) WHERE landlord_id IS NOT NULL`,
  `CREATE TABLE household_group (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      division_code text COLLATE "C" NOT NULL REFERENCES division(code),
      name text NOT NULL,
      leader_household_id uuid,
      created_by uuid REFERENCES app_user(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      version integer NOT NULL DEFAULT 1
    )`,
  `CREATE INDEX household_group_division_idx ON household_group (division_code)`,
  `CREATE TABLE household (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      division_code text COLLATE "C" NOT NULL REFERENCES division(code),
      address text NOT NULL,
      group_id uuid REFERENCES household_group(id) ON DELETE SET NULL,
      group_position integer,
      representative_id uuid REFERENCES village_representative(id) ON DELETE SET NULL,
      landlord_id uuid REFERENCES employer_landlord(id) ON DELETE SET NULL,
      notes text,
      created_by uuid REFERENCES app_user(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      version integer NOT NULL DEFAULT 1
    )`,
  `CREATE INDEX household_division_idx ON household (division_code)`,
  `CREATE UNIQUE INDEX household_group_position_idx ON household (group_id, group_position) WHERE group_id IS NOT NULL`,
  `ALTER TABLE household_group ADD CONSTRAINT household_group_leader_fk
      FOREIGN KEY (leader_household_id) REFERENCES household(id) ON DELETE SET NULL`,
  // A person belongs to at most one household.
  `CREATE TABLE household_member (
      person_id uuid PRIMARY KEY REFERENCES person(id) ON DELETE CASCADE,
      household_id uuid NOT NULL REFERENCES household(id) ON DELETE CASCADE,
      division_code text COLLATE "C" NOT NULL REFERENCES division(code),
      relation text NOT NULL CHECK (relation IN ('head', 'spouse', 'child', 'relative', 'other')),
      added_at timestamptz NOT NULL DEFAULT now()
    )`,
  `CREATE INDEX household_member_household_idx ON household_member (household_id)`,
  // Months a household is away: it is skipped on the rota and keeps its place (core/roster.ts).
  `CREATE TABLE household_absence (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      household_id uuid NOT NULL REFERENCES household(id) ON DELETE CASCADE,
      division_code text COLLATE "C" NOT NULL REFERENCES division(code),
      from_month text COLLATE "C" NOT NULL CHECK (from_month ~ '^[0-9]{4}-[0-9]{2}$'),
      to_month text COLLATE "C" NOT NULL CHECK (to_month ~ '^[0-9]{4}-[0-9]{2}$'),
      reason text,
      created_by uuid REFERENCES app_user(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      CHECK (to_month >= from_month)
    )`,
  `CREATE INDEX household_absence_household_idx ON household_absence (household_id)`,
  `CREATE TABLE duty_roster (
      group_id uuid NOT NULL REFERENCES household_group(id) ON DELETE CASCADE,
      month text COLLATE "C" NOT NULL CHECK (month ~ '^[0-9]{4}-[0-9]{2}$'),
      division_code text COLLATE "C" NOT NULL REFERENCES division(code),
      household_id uuid REFERENCES household(id) ON DELETE SET NULL,
      skipped uuid[] NOT NULL DEFAULT '{}',
      generated_by uuid REFERENCES app_user(id),
      generated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (group_id, month)
    )`,
  `CREATE TABLE duty_log (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      group_id uuid NOT NULL REFERENCES household_group(id) ON DELETE CASCADE,
      household_id uuid REFERENCES household(id) ON DELETE SET NULL,
      division_code text COLLATE "C" NOT NULL REFERENCES division(code),
      duty_date date NOT NULL,
      activities text NOT NULL,
      issues text,
      created_by uuid REFERENCES app_user(id),
      created_at timestamptz NOT NULL DEFAULT now()
    )`,
  `CREATE INDEX duty_log_group_idx ON duty_log (group_id, duty_date)`,
  `CREATE TABLE visit (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      division_code text COLLATE "C" NOT NULL REFERENCES division(code),
      person_id uuid REFERENCES person(id) ON DELETE CASCADE,
      household_id uuid REFERENCES household(id) ON DELETE SET NULL,
      representative_id uuid REFERENCES village_representative(id) ON DELETE SET NULL,
      visited_on date NOT NULL,
      purpose text NOT NULL CHECK (purpose IN ('arrival_registration', 'service_reminder', 'health_education',
        'contraceptive_supply', 'certificate', 'follow_up', 'other')),
      outcome text NOT NULL CHECK (outcome IN ('met', 'not_home', 'moved_away', 'service_booked', 'declined',
        'referred', 'other')),
      notes text,
      created_by uuid REFERENCES app_user(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      CHECK (person_id IS NOT NULL OR household_id IS NOT NULL)
    )`,
  `CREATE INDEX visit_person_idx ON visit (person_id, visited_on)`,
  `CREATE INDEX visit_division_idx ON visit (division_code, visited_on)`,
  `CREATE TABLE outreach_event (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      division_code text COLLATE "C" NOT NULL REFERENCES division(code),
      kind text NOT NULL CHECK (kind IN ('regulation_month', 'holiday', 'womens_day', 'onsite_service_day',
        'health_talk', 'other')),
      title text NOT NULL,
      place text NOT NULL,
      held_on date NOT NULL,
      materials_count integer NOT NULL DEFAULT 0 CHECK (materials_count >= 0),
      materials text,
      attendance integer NOT NULL DEFAULT 0 CHECK (attendance >= 0),
      services_count integer NOT NULL DEFAULT 0 CHECK (services_count >= 0),
      party_id uuid REFERENCES employer_landlord(id) ON DELETE SET NULL,
      notes text,
      created_by uuid REFERENCES app_user(id),
      created_at timestamptz NOT NULL DEFAULT now()
    )`,
  `CREATE INDEX outreach_event_division_idx ON outreach_event (division_code, held_on)`,
  `CREATE TABLE outreach_event_service (
      event_id uuid NOT NULL REFERENCES outreach_event(id) ON DELETE CASCADE,
      service_record_id uuid NOT NULL REFERENCES service_record(id) ON DELETE CASCADE,
      division_code text COLLATE "C" NOT NULL,
      PRIMARY KEY (event_id, service_record_id)
    )`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE person DROP COLUMN IF EXISTS employer_id, DROP COLUMN IF EXISTS landlord_id`.execute(db);
  await sql`DROP TABLE IF EXISTS outreach_event_service, outreach_event, visit, duty_log, duty_roster,
    household_absence, household_member, household, household_group, cooperation_agreement, employer_landlord,
    village_representative CASCADE`.execute(db);
}
