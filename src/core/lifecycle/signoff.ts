// Breaking schema changes with sign-off: the owner proposes a schema, Tributary classifies it (the registry's
// verdict and our own semantic diff), and the owners of every downstream consumer approve or reject it. The
// requests and decisions are events on the mesh's events topic, so every desktop sees the same state; the
// state of a request is folded from them here. Publishing is refused until everyone approved, unless the
// owner overrides with a reason that is recorded.
import type { ProductEvent } from '../products/events.ts';
import type { SignoffRow } from './values.ts';

type Approver = SignoffRow['approvers'][number];

/** Folds the sign-off events (oldest first) into one row per request. */
export function foldSignoffs(events: readonly ProductEvent[]): SignoffRow[] {
  const rows = new Map<string, SignoffRow>();
  for (const e of [...events].sort((a, b) => a.at.localeCompare(b.at))) {
    const d = e.details;
    const id = String(d.signoffId ?? '');
    if (e.type === 'signoff-requested') {
      rows.set(id, {
        id,
        productId: e.productId,
        subject: String(d.subject ?? ''),
        format: String(d.format ?? ''),
        proposedSchema: String(d.proposedSchema ?? ''),
        verdict: String(d.verdict ?? ''),
        changes: (d.changes as SignoffRow['changes']) ?? [],
        requestedBy: e.actor,
        requestedAt: e.at,
        reason: e.reason ?? '',
        approvers: ((d.approvers as Array<{ email: string; team: string }>) ?? []).map((a) => ({ email: a.email, team: a.team, decision: 'pending', comment: '', decidedAt: null })),
        state: 'open',
      });
      continue;
    }
    const row = rows.get(id);
    if (!row) continue;
    if (e.type === 'signoff-decided') {
      const approver = row.approvers.find((a) => a.email === d.approver);
      if (approver) Object.assign(approver, { decision: d.decision === 'approve' ? 'approved' : 'rejected', comment: String(d.comment ?? ''), decidedAt: e.at } satisfies Partial<Approver>);
    } else if (e.type === 'signoff-overridden') row.state = 'overridden';
    else if (e.type === 'schema-changed' && d.signoffId) row.state = 'published';
  }
  for (const row of rows.values()) {
    if (row.state !== 'open') continue;
    if (row.approvers.some((a) => a.decision === 'rejected')) row.state = 'rejected';
    else if (row.approvers.length > 0 && row.approvers.every((a) => a.decision === 'approved')) row.state = 'approved';
  }
  return [...rows.values()].sort((a, b) => b.requestedAt.localeCompare(a.requestedAt));
}

/** Why publishing must wait, or null when it may go ahead. */
export function publishBlocker(row: SignoffRow, override: string): string | null {
  if (row.state === 'published') return 'this proposal is already published';
  if (override) return null;
  if (row.approvers.length === 0) return 'no owner of a downstream consumer is known to sign it; override with a recorded reason to publish';
  const rejected = row.approvers.filter((a) => a.decision === 'rejected');
  if (rejected.length) return `rejected by ${rejected.map((a) => `${a.email}${a.comment ? ` ("${a.comment}")` : ''}`).join(', ')}`;
  const waiting = row.approvers.filter((a) => a.decision === 'pending');
  if (waiting.length) return `still waiting for ${waiting.map((a) => a.email).join(', ')}`;
  return null;
}
