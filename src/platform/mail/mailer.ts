import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import nodemailer from 'nodemailer';

/** One plain-text message (no HTML: nothing in a message can run or track). */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  /** Where messages go, for logs: "smtp://host" or the outbox folder. */
  readonly description: string;
  /** Sends now; throws if the message cannot be handed over. */
  send(message: MailMessage): Promise<void>;
  /**
   * Sends after the caller has answered, so that whether a message was sent (does this email
   * have an account?) does not show in the response time. Failures go to `onError`.
   */
  sendLater(message: MailMessage): void;
  /** Waits for every message handed to sendLater (tests, shutdown). */
  flush(): Promise<void>;
  close(): void;
}

export interface MailerOptions {
  smtpUrl: string | undefined;
  from: string;
  outboxDir: string;
  onError?: (error: unknown, message: MailMessage) => void;
}

/**
 * SMTP when a server is configured; otherwise each message becomes a real RFC 5322 file
 * (nodemailer's stream transport) in the outbox folder, so every flow works, and is
 * testable, without a mail server.
 */
export function createMailer(options: MailerOptions): Mailer {
  const smtp = options.smtpUrl !== undefined ? nodemailer.createTransport(options.smtpUrl) : undefined;
  const stream = smtp === undefined ? nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' }) : undefined;
  const pending = new Set<Promise<void>>();

  async function send(message: MailMessage): Promise<void> {
    const envelope = { from: options.from, to: message.to, subject: message.subject, text: message.text };
    if (smtp !== undefined) {
      await smtp.sendMail(envelope);
      return;
    }
    const info = (await stream!.sendMail(envelope)) as unknown as { message: Buffer };
    fs.mkdirSync(options.outboxDir, { recursive: true, mode: 0o700 });
    const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(4).toString('hex')}.eml`;
    const file = path.join(options.outboxDir, name);
    // Written under a temporary name, then renamed: a reader never sees half a message.
    fs.writeFileSync(`${file}.tmp`, info.message, { mode: 0o600 });
    fs.renameSync(`${file}.tmp`, file);
  }

  return {
    description: smtp !== undefined ? `SMTP (${new URL(options.smtpUrl!).host})` : `the outbox folder ${options.outboxDir}`,
    send,
    sendLater(message) {
      const job = new Promise<void>((resolve) => setImmediate(resolve))
        .then(() => send(message))
        .catch((error: unknown) => options.onError?.(error, message))
        .finally(() => pending.delete(job));
      pending.add(job);
    },
    async flush() {
      while (pending.size > 0) await Promise.all([...pending]);
    },
    close() {
      smtp?.close();
    },
  };
}
