/** A resident signed in to the portal with the consents a test needs (the one-time code read from the test sender). */
import { MemorySmsSender, setSmsSender } from '../../src/modules/portal/index.ts';
import { cookieOf, type TestEnv } from './context.ts';

/** Installs a memory SMS sender for the process and returns it (codes and reminders land in `sent`). */
export function memorySms(): MemorySmsSender {
  const sms = new MemorySmsSender();
  setSmsSender(sms);
  return sms;
}

export async function residentSession(
  env: TestEnv,
  sms: MemorySmsSender,
  idNumber: string,
  consent: { health?: boolean; reminders?: boolean } = { health: true },
): Promise<string> {
  const post = (url: string, payload: object, cookie?: string) =>
    env.app.inject({ method: 'POST', url, payload, headers: cookie ? { cookie } : {} });
  const sent = await post('/api/portal/auth/code', { idNumber });
  if (sent.statusCode !== 202) throw new Error(`code not sent: ${sent.body}`);
  const verified = await post('/api/portal/auth/verify', { idNumber, code: sms.lastCode() });
  if (verified.statusCode !== 200) throw new Error(`sign-in failed: ${verified.body}`);
  const cookie = cookieOf(verified);
  const agreed = await post(
    '/api/portal/consent',
    { terms: true, health: consent.health ?? false, reminders: consent.reminders ?? false },
    cookie,
  );
  if (agreed.statusCode !== 200) throw new Error(`consent failed: ${agreed.body}`);
  return cookie;
}
