// Frozen in time: never import application code here.
import { type Kysely, sql } from 'kysely';
import { pinyin } from 'pinyin-pro';

/**
 * Search keys spell ü as u (issue 21). Until now a name's stored pinyin dropped ü altogether (吕静燕 →
 * "ljingyan"), so "lvjingyan" and "lujingyan", how people type it, found nothing. The application now folds ü and
 * v to u in the stored keys and in the typed term; this recomputes the keys that change.
 *
 * Only names holding a character with a ü reading (89 Han characters: 吕 女 绿 律 略 …) or a Latin v/ü can
 * change, so those rows are found with one regular-expression scan and rewritten in batches: at 1M people about
 * 1% of them. The statistics trigger is off meanwhile, since the name's pinyin is no statistics fact.
 */

/** As src/core/pinyin.ts searchKey, pinyinInitials and pinyinFull on the day of this migration. */
const key = (text: string) =>
  text
    .toLowerCase()
    .replace(/[üv]/g, 'u')
    .replace(/[^a-z0-9]/g, '');
const initials = (name: string) =>
  key(pinyin(name, { pattern: 'first', toneType: 'none', type: 'array', surname: 'head' }).join(''));
const full = (name: string) => key(pinyin(name, { toneType: 'none', type: 'array', surname: 'head' }).join(''));

/** CJK Unified Ideographs and Extension A characters with any reading in ü, and the letters themselves. */
function uCharacters(): string[] {
  const out = ['v', 'V', 'ü', 'Ü'];
  for (let c = 0x3400; c <= 0x9fff; c++) {
    const ch = String.fromCodePoint(c);
    if (pinyin(ch, { toneType: 'none', type: 'array', multiple: true }).some((r) => r.includes('ü'))) out.push(ch);
  }
  return out;
}

const BATCH = 5000;
const literal = (values: string[]) => `{${values.map((v) => `"${v}"`).join(',')}}`;

export async function up(db: Kysely<unknown>): Promise<void> {
  const any = await sql<{ id: string }>`SELECT id FROM person LIMIT 1`.execute(db);
  if (any.rows.length === 0) return;
  const pattern = `[${uCharacters().join('')}]`;
  const rows = await sql<{ id: string; name: string; name_initials: string; name_pinyin: string }>`
    SELECT id, name, name_initials, name_pinyin FROM person WHERE name ~ ${pattern}`.execute(db);
  const changed = rows.rows
    .map((r) => ({ id: r.id, ini: initials(r.name), py: full(r.name), old: r }))
    .filter((r) => r.ini !== r.old.name_initials || r.py !== r.old.name_pinyin);
  if (changed.length === 0) return;
  await sql`ALTER TABLE person DISABLE TRIGGER stat_person_upd`.execute(db);
  for (let i = 0; i < changed.length; i += BATCH) {
    const batch = changed.slice(i, i + BATCH);
    await sql`
      UPDATE person p SET name_initials = t.ini, name_pinyin = t.py
      FROM unnest(${literal(batch.map((r) => r.id))}::uuid[], ${literal(batch.map((r) => r.ini))}::text[],
        ${literal(batch.map((r) => r.py))}::text[]) AS t(id, ini, py)
      WHERE p.id = t.id`.execute(db);
  }
  await sql`ALTER TABLE person ENABLE TRIGGER stat_person_upd`.execute(db);
}

/** The old keys dropped ü; search works with the new ones either way, so there is nothing to undo. */
export async function down(): Promise<void> {}
