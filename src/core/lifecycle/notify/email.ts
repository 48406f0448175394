// Sends one lifecycle notification by SMTP (nodemailer) and turns the server's answer into a DeliveryResult
// whose detail says what went wrong and what to change: DNS, refused, timeout, TLS, login, recipients, message.
import nodemailer from 'nodemailer';
import { z } from 'zod';
import { TributaryError } from '../../errors.ts';
import type { Attempt, DeliveryResult, RecipientVerdict } from './delivery.ts';
import { classifySmtpFailure, describeRefusal, SOCKET_MARGIN_MS, type SmtpFailure } from './smtp-failure.ts';

const ADDRESS = /^[^\s@<>",;]+@[^\s@<>",;]+\.?[^\s@<>",;]*$/;

/** The bare address inside `Name <a@b>`, or the text itself. */
function bareAddress(text: string): string {
  const angle = /<([^<>]*)>\s*$/.exec(text.trim());
  return (angle ? angle[1]! : text).trim();
}

export function isEmailAddress(text: string): boolean {
  return ADDRESS.test(bareAddress(text));
}

/** The SMTP settings as the contract stores them; the password is a write-only vault secret and not part of it. */
export const SmtpSettingsInput = z.object({
  host: z
    .string()
    .trim()
    .min(1, 'the SMTP host is required, e.g. smtp.example.com')
    .max(253)
    .regex(/^[A-Za-z0-9.\-:[\]]*$/, 'must be a host name or IP address, e.g. smtp.example.com'),
  port: z.number().int().min(1, 'ports run from 1 to 65535').max(65_535, 'ports run from 1 to 65535'),
  security: z.enum(['none', 'starttls', 'tls']),
  user: z.string().max(500).optional(),
  from: z.string().trim().min(1).max(500).refine(isEmailAddress, 'must be an email address, e.g. tributary@example.com or "Tributary <tributary@example.com>"'),
  timeoutMs: z.number().int().min(100).max(300_000).optional(),
  /** CA certificate(s) for a relay whose certificate no public CA signs (a company or lab relay). */
  caPem: z
    .string()
    .max(64_000)
    .refine((s) => s === '' || /-----BEGIN [A-Z ]+-----/.test(s), 'must be PEM text (-----BEGIN …-----)')
    .optional(),
});

export interface SmtpSettings {
  host: string;
  port: number;
  /** none: plain text; starttls: upgrade required (usually 587); tls: TLS from the first byte (usually 465). */
  security: 'none' | 'starttls' | 'tls';
  user?: string;
  /** Already read from the vault and decrypted by the caller. */
  password?: string;
  from: string;
  /** Per phase: connecting, the greeting, and each silence of the server after that. Default 15 s. */
  timeoutMs?: number;
  caPem?: string;
}

export interface EmailMessage {
  to: string[];
  subject: string;
  text: string;
  headers?: Record<string, string>;
}

export interface EmailOptions {
  now?: () => Date;
}

const DEFAULT_TIMEOUT_MS = 15_000;

/** Sends `message`; resolves with the delivery state. Throws only Invalid, for settings that cannot work. */
export async function sendEmail(settings: SmtpSettings, message: EmailMessage, opts: EmailOptions = {}): Promise<DeliveryResult> {
  const valid = validate(settings);
  const now = opts.now ?? (() => new Date());
  const malformed = message.to.filter((to) => !isEmailAddress(to));
  const sendable = message.to.filter((to) => isEmailAddress(to));
  const refusedLocally: RecipientVerdict[] = malformed.map((address) => ({ address, accepted: false, reply: 'not an email address' }));
  const target = message.to.join(', ');
  const where = `${valid.host}:${valid.port}`;

  if (sendable.length === 0) {
    const detail = message.to.length === 0 ? 'No recipients: nobody to notify' : `No valid recipient address (${malformed.join(', ')}): fix the consumers' contact addresses`;
    return { channel: 'email', target, state: 'failed', attempts: [], detail, recipients: refusedLocally };
  }

  const transport = nodemailer.createTransport({
    host: valid.host,
    port: valid.port,
    secure: valid.security === 'tls',
    requireTLS: valid.security === 'starttls',
    // "none" means plain text even when the server offers STARTTLS, so a relay with a broken certificate still works.
    ignoreTLS: valid.security === 'none',
    ...(valid.user ? { auth: { user: valid.user, pass: settings.password ?? '' } } : {}),
    connectionTimeout: valid.timeoutMs,
    greetingTimeout: valid.timeoutMs,
    // A little longer than the greeting's timer, so a silent server is reported as "no greeting", the more useful clue.
    socketTimeout: valid.timeoutMs + SOCKET_MARGIN_MS,
    dnsTimeout: valid.timeoutMs,
    tls: { minVersion: 'TLSv1.2', ...(valid.caPem ? { ca: valid.caPem } : {}) },
  });

  const startedAt = now();
  const started = performance.now();
  const attempt = (outcome: Attempt['outcome'], detail: string, status?: number): Attempt => ({
    attempt: 1,
    at: startedAt.toISOString(),
    outcome,
    ...(status ? { status } : {}),
    detail,
    durationMs: Math.round(performance.now() - started),
  });

  try {
    const info = await transport.sendMail({ from: valid.from, to: sendable, subject: message.subject, text: message.text, headers: message.headers ?? {} });
    const replies = replyByRecipient(info.rejectedErrors);
    const accepted = info.accepted.map(String);
    const rejected = info.rejected.map(String);
    const recipients: RecipientVerdict[] = [
      ...accepted.map((address) => ({ address, accepted: true })),
      ...rejected.map((address) => ({ address, accepted: false, ...(replies.has(address) ? { reply: replies.get(address)! } : {}) })),
      ...refusedLocally,
    ];
    const status = replyCode(info.response);
    if (rejected.length === 0 && malformed.length === 0) {
      const detail = `Sent to ${accepted.join(', ')} via ${where}`;
      return { channel: 'email', target, state: 'delivered', attempts: [attempt('delivered', `${detail} (${info.response})`, status)], detail, recipients };
    }
    const refused = recipients.filter((r) => !r.accepted).map(describeRefusal).join('; ');
    const detail = `Sent to ${accepted.join(', ')}, but refused for ${refused}: fix those consumers' contact addresses`;
    return { channel: 'email', target, state: 'failed', attempts: [attempt('rejected', detail, status)], detail, recipients };
  } catch (err) {
    const failure = classifySmtpFailure(err, valid, where);
    const recipients = [...failure.recipients, ...refusedLocally];
    return {
      channel: 'email',
      target,
      state: 'failed',
      attempts: [attempt(failure.outcome, failure.detail, failure.status)],
      detail: failure.detail,
      ...(recipients.length ? { recipients } : {}),
    };
  } finally {
    transport.close();
  }
}

type ValidSettings = Required<Pick<SmtpSettings, 'host' | 'port' | 'security' | 'from' | 'timeoutMs'>> & Pick<SmtpSettings, 'user' | 'caPem'>;

function validate(settings: SmtpSettings): ValidSettings {
  const { password: _secret, ...stored } = settings;
  const parsed = SmtpSettingsInput.safeParse(stored);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    throw new TributaryError('Invalid', `SMTP settings are invalid: ${fields.map((f) => `${f.path} ${f.message}`).join('; ')}`, { fields });
  }
  return { ...parsed.data, timeoutMs: parsed.data.timeoutMs ?? DEFAULT_TIMEOUT_MS };
}

function replyByRecipient(errors: SmtpFailure[] | undefined): Map<string, string> {
  return new Map((errors ?? []).filter((e) => e.recipient).map((e) => [e.recipient!, (e.response ?? e.message ?? '').trim()]));
}

function replyCode(response: string | undefined): number | undefined {
  const code = /^(\d{3})/.exec(response ?? '');
  return code ? Number(code[1]) : undefined;
}
