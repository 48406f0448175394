// Sends one lifecycle notification by SMTP (nodemailer) and turns the server's answer into a DeliveryResult
// whose detail says what went wrong and what to change: DNS, refused, timeout, TLS, login, recipients, message.
import nodemailer from 'nodemailer';
import { z } from 'zod';
import { TributaryError } from '../../errors.ts';
import type { Attempt, DeliveryResult, RecipientVerdict } from './delivery.ts';

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
const SOCKET_MARGIN_MS = 500;
const TLS_HINT = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|wrong version number|handshake/i;

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
    const failure = classify(err, valid, where);
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

interface SmtpFailure {
  code?: string;
  originalCode?: string;
  message?: string;
  response?: string;
  responseCode?: number;
  command?: string;
  timeoutType?: string;
  recipient?: string;
  rejectedErrors?: SmtpFailure[];
}

interface Classified {
  outcome: Attempt['outcome'];
  detail: string;
  status?: number;
  recipients: RecipientVerdict[];
}

/** Maps nodemailer's error codes (and the SMTP reply inside) to a sentence naming the setting to check. */
function classify(err: unknown, settings: ValidSettings, where: string): Classified {
  const e = (err ?? {}) as SmtpFailure;
  const reply = e.response?.trim();
  const status = e.responseCode;
  const said = reply ? ` (${reply})` : '';
  const cause = e.originalCode || e.message || 'unknown error';
  const result = (outcome: Attempt['outcome'], detail: string, recipients: RecipientVerdict[] = []): Classified => ({ outcome, detail, recipients, ...(status ? { status } : {}) });

  switch (e.code) {
    case 'EDNS':
      return result('network-error', `The SMTP host '${settings.host}' could not be found in DNS (${cause}): check the host name in the notification settings`);
    case 'ETIMEDOUT': {
      const waited = e.timeoutType === 'SOCKET_TIMEOUT' ? settings.timeoutMs + SOCKET_MARGIN_MS : settings.timeoutMs;
      return result('timeout', `The SMTP server at ${where} did not answer within ${formatMs(waited)}${timeoutPhase(e.timeoutType)}: check the host, the port and any firewall; port 465 usually needs security "tls", 587 "starttls"`);
    }
    case 'ETLS':
      return result('tls-failed', `TLS with the SMTP server at ${where} failed (${tlsReason(e)}): check the security setting (465 is usually "tls", 587 "starttls") and, for a private relay, its CA certificate`);
    case 'EAUTH':
    case 'ENOAUTH':
      return result('auth-failed', `The SMTP server at ${where} rejected the authentication for user '${settings.user ?? ''}' (${reply ?? e.message ?? 'no reason given'}): check the user and password in the notification settings`);
    case 'EENVELOPE':
      return envelopeFailure(e, settings, where, said, result);
    case 'EMESSAGE':
      return result('rejected', `The SMTP server at ${where} refused the message${said}: it may be too large or flagged by a content filter; the server's reply says which`);
    case 'EPROTOCOL':
      return result('network-error', `${where} did not speak SMTP as expected${said}: check that the port is the mail server's SMTP port`);
  }
  if (e.originalCode === 'ECONNREFUSED') {
    return result('network-error', `The SMTP server at ${where} refused the connection: check the port and that the mail server is running`);
  }
  if (TLS_HINT.test(`${e.originalCode ?? ''} ${e.message ?? ''}`)) {
    return result('tls-failed', `TLS with the SMTP server at ${where} failed (${tlsReason(e)}): check the security setting (465 is usually "tls", 587 "starttls") and, for a private relay, its CA certificate`);
  }
  if (status === 530 || status === 534) {
    return result('auth-failed', `The SMTP server at ${where} requires authentication${said}: set a user and password in the notification settings`);
  }
  return result('network-error', `Sending through the SMTP server at ${where} failed (${e.originalCode ? `${e.originalCode}: ` : ''}${e.message ?? cause}): check the host and port`);
}

function envelopeFailure(e: SmtpFailure, settings: ValidSettings, where: string, said: string, result: (o: Attempt['outcome'], d: string, r?: RecipientVerdict[]) => Classified): Classified {
  if (e.command === 'MAIL FROM') {
    if (e.responseCode === 530 || e.responseCode === 534) {
      return result('auth-failed', `The SMTP server at ${where} requires authentication before sending${said}: set a user and password in the notification settings`);
    }
    return result('rejected', `The SMTP server at ${where} refused the sender '${settings.from}'${said}: use a From address this account may send as`);
  }
  if (e.rejectedErrors?.length) {
    const recipients = e.rejectedErrors.map((r) => ({ address: r.recipient ?? '?', accepted: false, ...(r.response ? { reply: r.response.trim() } : {}) }));
    return result('rejected', `The SMTP server at ${where} refused every recipient: ${recipients.map(describeRefusal).join('; ')}: fix those consumers' contact addresses`, recipients);
  }
  return result('rejected', `The SMTP server at ${where} refused the envelope${said}: check the From address and the recipients`);
}

function describeRefusal(r: RecipientVerdict): string {
  return r.reply ? `${r.address} (${r.reply})` : r.address;
}

function replyByRecipient(errors: SmtpFailure[] | undefined): Map<string, string> {
  return new Map((errors ?? []).filter((e) => e.recipient).map((e) => [e.recipient!, (e.response ?? e.message ?? '').trim()]));
}

function replyCode(response: string | undefined): number | undefined {
  const code = /^(\d{3})/.exec(response ?? '');
  return code ? Number(code[1]) : undefined;
}

/** OpenSSL's reason in words a user can act on, without its library/file/line noise. */
function tlsReason(e: SmtpFailure): string {
  const text = (e.message ?? e.originalCode ?? 'handshake failed').replace(/^Error initiating TLS - /, '');
  if (/wrong version number|packet length too long/i.test(text)) return 'the server did not answer in TLS: this port may expect plain text or STARTTLS';
  if (/self[- ]signed|unable to (verify|get local issuer)/i.test(text)) return `its certificate is not signed by a CA this machine trusts: ${firstLine(text)}`;
  return firstLine(text).replace(/^[0-9A-F]+:error:[0-9A-F]+:SSL routines:/, '');
}

function firstLine(text: string): string {
  return text.split('\n')[0]!.trim();
}

function timeoutPhase(type: string | undefined): string {
  if (type === 'CONNECT_TIMEOUT') return ' (no connection)';
  if (type === 'GREETING_TIMEOUT') return ' (connected, but no SMTP greeting)';
  if (type === 'UPGRADE_TIMEOUT') return ' (the TLS handshake did not finish)';
  if (type === 'SOCKET_TIMEOUT') return ' (went silent mid-conversation)';
  return '';
}

function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(ms % 1000 ? 1 : 0)} s` : `${ms} ms`;
}
