/**
 * Which page of web/dist answers a browser's GET for a client-side route. /verify and /portal are their own
 * entries (web/verify.html, web/portal.html) so a phone opening a QR link or the portal loads neither antd's
 * console nor its i18n (issue 21); everything else is the console's shell.
 */
export type WebShell = 'index.html' | 'verify.html' | 'portal.html';

export function webShellFor(url: string): WebShell {
  const pathname = url.split(/[?#]/, 1)[0] ?? '';
  if (/^\/verify(?:\/|$)/.test(pathname)) return 'verify.html';
  if (/^\/portal(?:\/|$)/.test(pathname)) return 'portal.html';
  return 'index.html';
}
