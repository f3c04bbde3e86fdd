/**
 * How one-time codes reach a resident's phone. The default writes the message to the server's standard
 * output (development, demos and the browser test read it there). A deployment plugs in its SMS gateway by
 * implementing SmsSender and calling setSmsSender() at start-up (see README "Resident portal").
 */
export interface SmsSender {
  send(phone: string, text: string): Promise<void>;
}

/** Writes each message to stdout with the phone masked; the code is in the text, so use it only where the log is private. */
export class LogSmsSender implements SmsSender {
  async send(phone: string, text: string): Promise<void> {
    const masked = phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : '****';
    process.stdout.write(`[sms] to ${masked}: ${text}\n`);
  }
}

/** Keeps messages in memory; for tests. */
export class MemorySmsSender implements SmsSender {
  readonly sent: { phone: string; text: string }[] = [];
  async send(phone: string, text: string): Promise<void> {
    this.sent.push({ phone, text });
  }
  lastCode(): string | null {
    const last = this.sent.at(-1);
    return last?.text.match(/\d{6}/)?.[0] ?? null;
  }
}

let current: SmsSender = new LogSmsSender();

export function smsSender(): SmsSender {
  return current;
}

/** Replaces the sender for this process (a real gateway at start-up, or a test double). */
export function setSmsSender(sender: SmsSender): void {
  current = sender;
}
