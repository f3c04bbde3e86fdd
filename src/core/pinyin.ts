import { pinyin } from 'pinyin-pro';

/** Lower-case pinyin initials of a Chinese name, e.g. 张三 → "zs"; non-Han characters are kept as typed. */
export function pinyinInitials(text: string): string {
  return pinyin(text, { pattern: 'first', toneType: 'none', type: 'array', surname: 'head' })
    .join('')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

/** Full pinyin without tones or spaces, e.g. 张三 → "zhangsan". */
export function pinyinFull(text: string): string {
  return pinyin(text, { toneType: 'none', type: 'array', surname: 'head' })
    .join('')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}
