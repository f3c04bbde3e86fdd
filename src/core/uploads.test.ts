import { describe, expect, it } from 'vitest';
import { safeFileName, sniffUploadType } from './uploads.ts';

describe('upload checks', () => {
  it('knows JPEG, PNG and PDF by their first bytes', () => {
    expect(sniffUploadType(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
    expect(sniffUploadType(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe('image/png');
    expect(sniffUploadType(new TextEncoder().encode('%PDF-1.7'))).toBe('application/pdf');
  });

  it('refuses HTML, SVG and truncated headers whatever they are called', () => {
    expect(sniffUploadType(new TextEncoder().encode('<svg onload=alert(1)>'))).toBeNull();
    expect(sniffUploadType(new TextEncoder().encode('<!DOCTYPE html>'))).toBeNull();
    expect(sniffUploadType(new Uint8Array([0x89, 0x50]))).toBeNull();
  });

  it('keeps a clean name with the extension of the real type', () => {
    expect(safeFileName('C:\\Users\\me\\照片 1.html', 'image/png')).toBe('照片 1.png');
    expect(safeFileName('../../"x<y>.jpg', 'image/jpeg')).toBe('xy.jpg');
    expect(safeFileName('', 'application/pdf')).toBe('attachment.pdf');
  });
});
