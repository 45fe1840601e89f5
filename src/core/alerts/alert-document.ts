/**
 * The alert as one JSON document: the console platform's line and the webhook platform's POST body
 * (schemas/alert-v1.schema.json). A contract outside tooling parses (CONTRACT.md): these keys, in this order,
 * listed explicitly so a field added to the model never leaks into the document by accident.
 */
import type { Alert } from '../model.js';
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
  return document;
}
