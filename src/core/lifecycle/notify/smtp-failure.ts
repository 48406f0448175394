// Turns a nodemailer failure into what a user reads in the delivery log: which step failed (DNS, connection,
// TLS, login, sender, recipients, message), the server's own reply, and the setting to check.
import type { Attempt, RecipientVerdict } from './delivery.ts';

/** The socket inactivity timer runs this much longer than the greeting timer, so a silent server reads as "no greeting". */
export const SOCKET_MARGIN_MS = 500;
const TLS_HINT = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|wrong version number|handshake/i;

/** What the messages name: the settings in force when the send failed. */
export interface FailureContext {
  host: string;
  user?: string | undefined;
  from: string;
  timeoutMs: number;
}

/** The fields nodemailer sets on its errors (see its errors.ts); all optional, since anything may be thrown. */
export interface SmtpFailure {
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

export interface Classified {
  outcome: Attempt['outcome'];
  detail: string;
  status?: number;
  recipients: RecipientVerdict[];
}

/** Maps nodemailer's error codes (and the SMTP reply inside) to a sentence naming the setting to check. */
export function classifySmtpFailure(err: unknown, settings: FailureContext, where: string): Classified {
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

function envelopeFailure(e: SmtpFailure, settings: FailureContext, where: string, said: string, result: (o: Attempt['outcome'], d: string, r?: RecipientVerdict[]) => Classified): Classified {
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

export function describeRefusal(r: RecipientVerdict): string {
  return r.reply ? `${r.address} (${r.reply})` : r.address;
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
