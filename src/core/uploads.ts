/**
 * Uploaded files are accepted by what their bytes are (magic numbers), never by their name or the declared
 * content type, and only in the few formats residents need: a photo (JPEG, PNG) or a scan (PDF).
 */
export type UploadType = 'image/jpeg' | 'image/png' | 'application/pdf';

export const MAX_ATTACHMENT_BYTES = 2 * 1024 * 1024;

const SIGNATURES: { type: UploadType; bytes: number[] }[] = [
  { type: 'image/jpeg', bytes: [0xff, 0xd8, 0xff] },
  { type: 'image/png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { type: 'application/pdf', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] },
];

export function sniffUploadType(head: Uint8Array): UploadType | null {
  for (const sig of SIGNATURES) {
    if (head.length >= sig.bytes.length && sig.bytes.every((b, i) => head[i] === b)) return sig.type;
  }
  return null;
}

const EXTENSION: Record<UploadType, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'application/pdf': 'pdf' };

/** A safe download name: no path, no control or quote characters, the extension of the real type. */
export function safeFileName(raw: string, type: UploadType): string {
  const base = (raw.split(/[\\/]/).pop() ?? '')
    .replace(/[\p{Cc}"';<>]/gu, '')
    .replace(/\.[^.]*$/, '')
    .trim()
    .slice(0, 60);
  return `${base || 'attachment'}.${EXTENSION[type]}`;
}
