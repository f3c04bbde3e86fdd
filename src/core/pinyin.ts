import { pinyin } from 'pinyin-pro';

/**
 * A name's pinyin as stored for search, and a typed search term, in one spelling: lower case, letters and digits
 * only, and ü as u. People type 吕 (lü) as "lv" (the IME key), "lu" or "lü"; folding v and ü to u on both sides
 * finds it by all three. Pinyin has no other v, so nothing else is lost.
 */
export function searchKey(text: string): string {
  return text
    .toLowerCase()
    .replace(/[üv]/g, 'u')
    .replace(/[^a-z0-9]/g, '');
}

/** Pinyin initials of a Chinese name as a search key, e.g. 张三 → "zs"; non-Han characters are kept as typed. */
export function pinyinInitials(text: string): string {
  return searchKey(pinyin(text, { pattern: 'first', toneType: 'none', type: 'array', surname: 'head' }).join(''));
}

/** Full pinyin as a search key, without tones or spaces, e.g. 张三 → "zhangsan", 吕静燕 → "lujingyan". */
export function pinyinFull(text: string): string {
  return searchKey(pinyin(text, { toneType: 'none', type: 'array', surname: 'head' }).join(''));
}
