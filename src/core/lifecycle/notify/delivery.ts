// What one notification's delivery came to, for email and webhook alike: the per-consumer delivery state the
// lifecycle pages show and the event log records. A delivery failure is a value here, never a thrown error.

export type DeliveryChannel = 'email' | 'webhook';
export type DeliveryState = 'delivered' | 'failed';

/**
 * How one try ended. Webhooks use delivered / http-error / timeout / network-error; email adds the SMTP
 * verdicts a user fixes differently (credentials, TLS, a rejected address or message).
 */
export type AttemptOutcome = 'delivered' | 'http-error' | 'timeout' | 'network-error' | 'auth-failed' | 'tls-failed' | 'rejected';

export interface Attempt {
  /** 1-based. */
  attempt: number;
  /** ISO-8601 time the attempt started. */
  at: string;
  outcome: AttemptOutcome;
  /** HTTP status, or the SMTP reply code when the server gave one. */
  status?: number;
  detail: string;
  durationMs: number;
}

/** One recipient's verdict from the SMTP server, so a retry can target only those that were refused. */
export interface RecipientVerdict {
  address: string;
  accepted: boolean;
  /** The server's reply for a refused recipient, e.g. "550 5.1.1 no such user". */
  reply?: string;
}

export interface DeliveryResult {
  channel: DeliveryChannel;
  /** The webhook URL, or the recipients joined with ", ". */
  target: string;
  state: DeliveryState;
  attempts: Attempt[];
  /** One sentence a user can act on: what happened and, on failure, what to check. */
  detail: string;
  /** Email only: which recipients the server accepted and refused. */
  recipients?: RecipientVerdict[];
  /** Things that worked but deserve a look, e.g. a webhook sent over plain http to another host. */
  warnings?: string[];
}
