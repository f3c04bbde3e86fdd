import { describe, expect, it } from 'vitest';
import { webShellFor } from './web-shell.ts';

describe('webShellFor', () => {
  it('answers a scanned QR link (/verify#payload reaches the server as /verify) with the verify page', () => {
    expect(webShellFor('/verify')).toBe('verify.html');
  });

  it('answers deep links and queries under /verify with the verify page', () => {
    expect(webShellFor('/verify/HY3302052026000123')).toBe('verify.html');
    expect(webShellFor('/verify?lang=en')).toBe('verify.html');
  });

  it('answers /portal and its deep links with the portal page', () => {
    expect(webShellFor('/portal')).toBe('portal.html');
    expect(webShellFor('/portal/complaints?x=1')).toBe('portal.html');
  });

  it('leaves console routes that only begin with the same letters to the console', () => {
    expect(webShellFor('/verifyx')).toBe('index.html');
    expect(webShellFor('/portals')).toBe('index.html');
    expect(webShellFor('/persons?q=/verify')).toBe('index.html');
    expect(webShellFor('/')).toBe('index.html');
  });
});
