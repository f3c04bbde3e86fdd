/**
 * Download file names people can read: division names, not codes (梅堰社区-2026-11-月报.xlsx), sent as
 * RFC 6266 / RFC 5987 `filename*` in UTF-8 with a plain-ASCII `filename` for clients that lack it.
 */

/** Characters no file system or header should get: paths, quotes, controls. */
const UNSAFE = new RegExp(
  `[\\\\/:*?"<>|${String.fromCharCode(0)}-${String.fromCharCode(0x1f)}${String.fromCharCode(0x7f)}]+`,
  'g',
);

/** The name with path separators, quotes and control characters replaced, trimmed to a sane length. */
export function safeFileName(name: string): string {
  const cleaned = name.replace(UNSAFE, '-').replace(/\s+/g, ' ').trim();
  return [...cleaned].slice(0, 120).join('') || 'download';
}

/** RFC 5987 value-chars: encodeURIComponent leaves ' ( ) * ! unescaped, which the grammar does not allow. */
function rfc5987(value: string): string {
  return encodeURIComponent(value).replace(/['()*!]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** An ASCII stand-in: non-ASCII runs become "_" (the extension is kept). */
function asciiFallback(name: string): string {
  return name.replace(/[^\x20-\x7e]+/g, '_').replace(/["\\]/g, '_');
}

/** The Content-Disposition header value for a download (attachment) or an in-browser view (inline). */
export function contentDisposition(name: string, disposition: 'attachment' | 'inline' = 'attachment'): string {
  const safe = safeFileName(name);
  return `${disposition}; filename="${asciiFallback(safe)}"; filename*=UTF-8''${rfc5987(safe)}`;
}
