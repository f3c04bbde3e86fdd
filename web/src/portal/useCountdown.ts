/** Seconds left before something may be done again (the SMS code's resend wait), ticking once a second. */
import { useEffect, useState } from 'react';

/** The server refuses a new code within this many seconds of the last one (portal.auth.ts OTP_RESEND_SECONDS). */
export const RESEND_SECONDS = 60;

export function useCountdown(): { left: number; start: (seconds: number) => void } {
  const [until, setUntil] = useState(0);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (until <= now) return;
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, [until, now]);
  return {
    left: Math.max(0, Math.ceil((until - now) / 1000)),
    start: (seconds) => {
      const t = Date.now();
      setNow(t);
      setUntil(t + seconds * 1000);
    },
  };
}
