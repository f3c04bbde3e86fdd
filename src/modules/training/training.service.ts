/**
 * Staff training records (业务培训, issue 26 part 7): the session, its date, hours and topic, and the staff who
 * attended. County and township offices record them; the annual summary counts them (trainingFigures).
 */
import type { AppContext } from '../../context.ts';
import { today } from '../../core/china-time.ts';
import { fieldIssue, IssueCollector } from '../../core/errors.ts';
import type { Role } from '../../db/schema.ts';
import { scoped, subtree } from '../../db/scoped.ts';
import type { Actor, SessionUser } from '../../http/session.ts';
import { writeAudit } from '../audit/index.ts';
import { checkDivisionField, divisionRefs } from '../divisions/index.ts';
import { trainingFigures } from './training.repository.ts';
import type { TrainingCreate, TrainingView } from './training.schema.ts';

/** Who organises training: the county and township offices. */
export const TRAINING_ORGANISERS: readonly Role[] = ['county_admin', 'township_officer'];
/** Who attends: the staff who work with residents. */
const TRAINED_ROLES: readonly Role[] = ['county_admin', 'township_officer', 'village_manager', 'provider'];

const DIVISION = { zh: '组织单位', en: 'Organiser' };
const ATTENDEES = { zh: '参训人员', en: 'Attending staff' };

/** Active staff in the user's jurisdiction who may be listed as attending. */
export async function trainableStaff(ctx: AppContext, user: SessionUser) {
  const rows = await scoped(ctx.db, user)
    .selectFrom('app_user')
    .select(['id', 'display_name', 'role', 'division_code'])
    .where('active', '=', true)
    .where('role', 'in', [...TRAINED_ROLES])
    .orderBy('division_code')
    .orderBy('display_name')
    .limit(2000)
    .execute();
  const refs = await divisionRefs(
    ctx.db,
    rows.map((r) => r.division_code),
  );
  return {
    items: rows.map((r) => ({
      id: r.id,
      displayName: r.display_name,
      role: r.role,
      division: refs.get(r.division_code) ?? null,
    })),
  };
}

export async function listTrainings(ctx: AppContext, user: SessionUser, year = Number(today().slice(0, 4))) {
  const from = `${year}-01-01`;
  const to = `${year}-12-31`;
  const area = subtree(user);
  // Sessions organised in the user's area, and sessions their staff attended (a county course for villages).
  const rows = await ctx.db
    .selectFrom('staff_training as t')
    .selectAll('t')
    .where((eb) =>
      eb.or([
        area.on('staff_training', 't')(eb),
        eb.exists(
          eb
            .selectFrom('staff_training_attendee as a')
            .select('a.user_id')
            .whereRef('a.training_id', '=', 't.id')
            .where(area.on('staff_training_attendee', 'a')),
        ),
      ]),
    )
    .where('t.held_on', '>=', from)
    .where('t.held_on', '<=', to)
    .orderBy('t.held_on', 'desc')
    .orderBy('t.created_at', 'desc')
    .execute();
  const attendees =
    rows.length === 0
      ? []
      : await ctx.db
          .selectFrom('staff_training_attendee as a')
          .innerJoin('app_user as u', 'u.id', 'a.user_id')
          .select(['a.training_id', 'u.id', 'u.display_name', 'u.role', 'u.division_code'])
          .where(
            'a.training_id',
            'in',
            rows.map((r) => r.id),
          )
          .orderBy('u.display_name')
          .execute();
  const refs = await divisionRefs(ctx.db, [
    ...rows.map((r) => r.division_code),
    ...attendees.map((a) => a.division_code),
  ]);
  const items = rows.map(
    (r): TrainingView => ({
      id: r.id,
      title: r.title,
      topic: r.topic,
      heldOn: r.held_on,
      hours: Number(r.hours),
      division: refs.get(r.division_code) ?? null,
      attendees: attendees
        .filter((a) => a.training_id === r.id)
        .map((a) => ({
          id: a.id,
          displayName: a.display_name,
          role: a.role,
          division: refs.get(a.division_code) ?? null,
        })),
    }),
  );
  // The totals are those of the annual summary: sessions organised by offices in the user's area.
  return { year, items, totals: await trainingFigures(ctx.db, { divisionCode: user.divisionCode, from, to }) };
}

export async function createTraining(ctx: AppContext, user: SessionUser, actor: Actor, input: TrainingCreate) {
  const issues = new IssueCollector();
  const code = await checkDivisionField(
    ctx.db,
    issues,
    { path: 'divisionCode', label: DIVISION, value: input.divisionCode },
    user.divisionCode,
  );
  const ids = [...new Set(input.attendeeIds)];
  const staff = await scoped(ctx.db, user)
    .selectFrom('app_user')
    .select(['id', 'division_code'])
    .where('id', 'in', ids)
    .where('active', '=', true)
    .where('role', 'in', [...TRAINED_ROLES])
    .execute();
  if (staff.length !== ids.length) {
    issues.add(
      fieldIssue('attendeeIds', ATTENDEES, {
        zh: '须为您辖区内的在职工作人员',
        en: 'must be active staff in your jurisdiction',
      }),
    );
  }
  issues.throwIfAny();
  const id = await ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('staff_training')
      .values({
        division_code: code as string,
        title: input.title,
        topic: input.topic,
        held_on: input.heldOn,
        hours: input.hours,
        created_by: user.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('staff_training_attendee')
      .values(staff.map((s) => ({ training_id: row.id, user_id: s.id, division_code: s.division_code })))
      .execute();
    await writeAudit(trx, actor, {
      action: 'training.create',
      entity: 'staff_training',
      entityId: row.id,
      details: { title: input.title, heldOn: input.heldOn, hours: input.hours, attendees: staff.length },
    });
    return row.id;
  });
  const year = Number(input.heldOn.slice(0, 4));
  const listed = (await listTrainings(ctx, user, year)).items.find((t) => t.id === id);
  return { training: listed as TrainingView };
}
