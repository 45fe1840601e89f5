/**
 * The alert as one JSON document: the console platform's line and the webhook platform's POST body
 * (schemas/alert-v1.schema.json). A contract outside tooling parses (CONTRACT.md): these keys, in this order,
 * listed explicitly so a field added to the model never leaks into the document by accident.
 */
import type { Alert, FollowUpInfo } from '../model.js';
import { formatMarkedSummary } from '../summary/summary-runs.js';

export const ALERT_DOCUMENT_KEYS = [
  'channel', 'subscriptions', 'feed', 'feedName', 'feedUrl', 'id', 'title', 'link', 'published', 'matched', 'summary',
] as const satisfies ReadonlyArray<keyof Alert>;

export function buildAlertDocument(alert: Alert): Record<string, unknown> {
  const document: Record<string, unknown> = {};
  for (const key of ALERT_DOCUMENT_KEYS) document[key] = key === 'summary' ? formatMarkedSummary(alert.summary) : alert[key];
  // Scripts tell stories from the bot's own notices (feed failing / recovered) by this key.
  document.kind = alert.kind ?? 'alert';
  // Added after kind so the keys scripts already read keep their order.
  document.urgency = alert.urgency ?? 'routine';
  if (alert.kind === 'digest' && alert.digest) {
    document.items = alert.digest.items.map((item) => ({ ...item, urgency: item.urgency ?? 'routine' }));
    document.window = { from: new Date(alert.digest.from).toISOString(), to: new Date(alert.digest.to).toISOString() };
  }
  // Follow-ups name the story's first alert (its `id` in an earlier line), so a script can attach them to it.
  if ((alert.kind === 'update' || alert.kind === 'kill' || alert.kind === 'also') && alert.followUp) {
    document.followUp = buildFollowUpDocument(alert.kind, alert.followUp);
  }
  return document;
}

/** Listed key by key like the document itself: firstTitle, standalone and version are delivery details, not contract. */
function buildFollowUpDocument(kind: 'update' | 'kill' | 'also', followUp: FollowUpInfo): Record<string, unknown> {
  const out: Record<string, unknown> = { firstAlertId: followUp.firstAlertId };
  if (kind !== 'update') return out;
  if (followUp.whatChanged) out.whatChanged = followUp.whatChanged;
  out.correction = followUp.correction === true;
  return out;
}
