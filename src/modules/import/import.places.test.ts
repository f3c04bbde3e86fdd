/**
 * Places written as text (issue 20, "An address is a division"), resolved against the demo's real division
 * tree: the importer here is 甬江街道 (330205005), so its county 江北区 is the context of a residence.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../../test/support/context.ts';
import { DivisionResolver, type PlaceKind, type Resolution } from './import.divisions.ts';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env.close());

const YONGJIANG = '330205005000';
const MEIYAN = '330205005003';

async function place(text: string, kind: PlaceKind = 'residence'): Promise<Resolution> {
  const resolver = new DivisionResolver(env.ctx.db, YONGJIANG);
  await resolver.resolve([text], kind);
  return resolver.get(text, kind) as Resolution;
}
const problem = (r: Resolution) => ('problem' in r ? r.problem.zh : `resolved to ${r.code}`);

describe('a residence written as text', () => {
  it('resolves a full place to its deepest division', async () => {
    expect(await place('浙江省宁波市江北区甬江街道梅堰社区')).toEqual({ code: MEIYAN, rest: '' });
  });

  it('resolves a partial place that starts at the county', async () => {
    expect(await place('江北区甬江街道')).toEqual({ code: YONGJIANG, rest: '' });
  });

  it('resolves a partial place that skips the county', async () => {
    expect(await place('甬江街道梅堰社区')).toEqual({ code: MEIYAN, rest: '' });
  });

  it('keeps what follows the division as the address', async () => {
    expect(await place('宁波市江北区甬江街道某某路12号3幢')).toEqual({ code: YONGJIANG, rest: '某某路12号3幢' });
  });

  it('resolves a community named alone inside the jurisdiction', async () => {
    expect(await place('梅堰社区')).toEqual({ code: MEIYAN, rest: '' });
  });

  it('resolves short forms without their suffixes', async () => {
    expect(await place('江北甬江梅堰18号')).toEqual({ code: MEIYAN, rest: '18号' });
  });

  it('reads a road named like a community as the address, not the community', async () => {
    expect(await place('甬江街道湾头路5号')).toEqual({ code: YONGJIANG, rest: '湾头路5号' });
  });

  it('refuses a misspelt community, offering the closest one of the township first', async () => {
    expect(problem(await place('甬江街道梅岩社区某某路20号'))).toMatch(
      /^浙江省宁波市江北区甬江街道下没有“梅岩社区”，最可能是“浙江省宁波市江北区甬江街道梅堰社区”/,
    );
  });

  it('prefers the importer’s own county when a county name exists twice', async () => {
    expect(await place('江北区')).toEqual({ code: '330205000000', rest: '' });
  });
});

describe('a household registration written as text', () => {
  it('lists both candidates of a county name found in two provinces, the nearer first', async () => {
    expect(problem(await place('江北区', 'hukou'))).toBe(
      '“江北区”对应多个区划：最可能是“浙江省宁波市江北区”，其他候选：重庆市江北区；请改写为完整名称或区划代码后重新导入',
    );
  });

  it('resolves a province and a county by their short forms', async () => {
    expect(await place('安徽临泉', 'hukou')).toEqual({ code: '341221000000', rest: '' });
  });

  it('resolves an autonomous county written without its peoples', async () => {
    expect(await place('威宁县', 'hukou')).toEqual({ code: '520526000000', rest: '' });
  });

  it('resolves a township under a county named before it', async () => {
    expect(await place('固始县蓼城街道', 'hukou')).toEqual({ code: '411525001000', rest: '' });
  });

  it('resolves a township named alone when the country has one of that name', async () => {
    expect(await place('蓼城街道', 'hukou')).toEqual({ code: '411525001000', rest: '' });
  });

  it('lists candidates for a township name the country has many times', async () => {
    expect(problem(await place('城关镇', 'hukou'))).toMatch(/^“城关镇”对应多个区划：最可能是“.+城关镇”，其他候选：/);
  });

  it('refuses a place that does not exist', async () => {
    expect(problem(await place('火星省', 'hukou'))).toBe('找不到行政区划“火星省”，请填写区划代码或完整名称');
  });
});

describe('resolving a batch', () => {
  it('resolves many texts of one import with a few queries', async () => {
    const resolver = new DivisionResolver(env.ctx.db, YONGJIANG);
    const texts = Array.from({ length: 500 }, (_, i) => `甬江街道梅堰社区某某路${i}号`);
    await resolver.resolve(texts, 'residence');
    expect(texts.map((t) => resolver.get(t, 'residence'))).toEqual(
      texts.map((t) => ({ code: MEIYAN, rest: t.slice('甬江街道梅堰社区'.length) })),
    );
  });

  it('keeps the texts of the batch in hand when its cache is full', async () => {
    // A cache of four: the second batch brings three new texts beside one cached, so the cache is cut back.
    const resolver = new DivisionResolver(env.ctx.db, YONGJIANG, 4);
    await resolver.resolve(['330205005003', '甬江街道梅堰社区1号', '甬江街道梅堰社区2号'], 'residence');
    const second = ['330205005003', '甬江街道梅堰社区3号', '甬江街道梅堰社区4号', '甬江街道梅堰社区5号'];
    await resolver.resolve(second, 'residence');
    expect(second.map((t) => resolver.get(t, 'residence'))).toEqual([
      { code: MEIYAN, rest: '' },
      { code: MEIYAN, rest: '3号' },
      { code: MEIYAN, rest: '4号' },
      { code: MEIYAN, rest: '5号' },
    ]);
  });
});
