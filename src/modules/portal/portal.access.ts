/** Who did something to a resident's record, named the way the resident can understand it. */
import type { LocalizedText } from '../../core/errors.ts';
import { roleName } from '../../core/roles.ts';
import type { AccessRow } from '../audit/index.ts';

const SYSTEM: LocalizedText = { zh: '系统', en: 'System' };
/** Background actors by their fixed usernames (audit.repository SYSTEM_ACTOR, exchange.inbox EXCHANGE_ACTOR). */
const BACKGROUND: Record<string, LocalizedText> = {
  system: SYSTEM,
  cli: { zh: '系统（管理员命令）', en: 'System (administrator command)' },
  exchange: { zh: '跨地区信息交换（系统）', en: 'Inter-county exchange (system)' },
};
const PUBLIC_CHECK: LocalizedText = { zh: '出示证明时的扫码核验', en: 'A QR-code check of a certificate you showed' };
const PORTAL: LocalizedText = { zh: '服务平台', en: 'The resident portal' };

/** Staff: office and role; background work: a named process or 系统; never blank, never a person's name. */
export function accessActor(
  r: Pick<AccessRow, 'action' | 'actor_role' | 'actor_username' | 'division_full_name'>,
): LocalizedText {
  if (r.actor_role === 'resident') return { zh: '您本人', en: 'You' };
  const staff = r.actor_role !== 'public';
  const role = { zh: roleName(r.actor_role, 'zh'), en: roleName(r.actor_role, 'en') };
  if (staff && role.zh && role.en) {
    const office = r.division_full_name ?? '';
    return { zh: `${office} ${role.zh}`.trim(), en: `${role.en}${office ? `, ${office}` : ''}` };
  }
  const background = r.actor_username ? BACKGROUND[r.actor_username] : undefined;
  if (background) return background;
  if (r.action.endsWith('.verify')) return PUBLIC_CHECK;
  if (r.action.startsWith('portal.')) return PORTAL;
  return role.zh && role.en ? { zh: role.zh, en: role.en } : SYSTEM;
}
