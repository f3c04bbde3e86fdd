import { describe, expect, it } from 'vitest';
import { divisionLikeSegment, nameSimilarity, shortForms } from './place-names.ts';

describe('short forms of division names', () => {
  it('drops the level suffix', () => {
    expect([shortForms('梅堰社区'), shortForms('江北区'), shortForms('甬江街道'), shortForms('安徽省')]).toEqual([
      ['梅堰'],
      ['江北'],
      ['甬江'],
      ['安徽'],
    ]);
  });

  it('writes a village committee as the village', () => {
    expect(shortForms('路林村委会')).toEqual(['路林', '路林村']);
  });

  it('drops the peoples of an autonomous county', () => {
    expect(shortForms('威宁彝族回族苗族自治县')).toEqual(['威宁', '威宁县']);
  });

  it('gives no one-character form and none for placeholders', () => {
    expect([shortForms('沙县'), shortForms('市辖区')]).toEqual([[], []]);
  });
});

describe('a remainder that looks like a division', () => {
  it('is a misspelt community when a suffix follows the first words', () => {
    expect(divisionLikeSegment('梅岩社区某某路20号')).toEqual({ segment: '梅岩社区', level: 5 });
  });

  it('is an address when a road or a number comes first', () => {
    expect([
      divisionLikeSegment('某某路12号3幢'),
      divisionLikeSegment('18号'),
      divisionLikeSegment('阳光小区3幢'),
    ]).toEqual([null, null, null]);
  });
});

describe('name similarity', () => {
  it('compares the names without their suffixes', () => {
    expect([nameSimilarity('梅岩社区', '梅堰社区'), nameSimilarity('梅岩社区', '湾头社区')]).toEqual([0.5, 0]);
  });
});
