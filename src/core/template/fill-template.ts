/**
 * Fills a parsed template from one alert, as typed runs each platform renders with its own escaping: feed text
 * never becomes markup, whatever the template or the story says. Links are runs of their own (only the item's
 * http(s) URL), times too, so a platform can show `{published:relative}` in its native, self-updating form.
 */
import { isUrgency, urgencyLabel } from '../attention/urgency.js';
import type { Alert, TextRun } from '../model.js';
import type { AlertTemplate, TemplatePart } from './parse-template.js';

export type MessageRun =
  | TextRun
  | { kind: 'link'; url: string }
  /** `relative` is the text as of delivery ("5 min ago"), for places that cannot render a live time. */
  | { kind: 'time'; epochSeconds: number; relative: string };

export interface FilledTemplate {
  headline: MessageRun[];
  body: MessageRun[] | null;
  fields: Array<{ name: MessageRun[]; value: MessageRun[] }>;
  footer: MessageRun[] | null;
}

/** The alert fields a template reads; `urgency` arrives with the attention work and may be absent. */
export type TemplateAlert = Pick<Alert, 'title' | 'feed' | 'feedName' | 'published' | 'matched' | 'summary' | 'link'> & {
  urgency?: unknown;
};

export function fillAlertTemplate(template: AlertTemplate, alert: TemplateAlert, nowMs: number): FilledTemplate {
  const fill = (parts: TemplatePart[]) => fillParts(parts, alert, nowMs);
  return {
    headline: fill(template.headline),
    body: template.body && fill(template.body),
    fields: template.fields.map((field) => ({ name: fill(field.name), value: fill(field.value) })),
    footer: template.footer && fill(template.footer),
  };
}

export function fillParts(parts: TemplatePart[], alert: TemplateAlert, nowMs: number): MessageRun[] {
  const runs: MessageRun[] = [];
  const text = (value: string) => {
    if (value !== '') runs.push({ kind: 'text', text: value });
  };
  for (const part of parts) {
    if (part.kind === 'text') {
      text(part.text);
      continue;
    }
    switch (part.name) {
      case 'title': text(alert.title); break;
      case 'feed': text(alert.feedName || alert.feed); break;
      case 'matched': text(alert.matched.join(', ')); break;
      case 'summary': runs.push(...alert.summary); break;
      case 'urgency': text(urgencyText(alert.urgency)); break;
      case 'link': {
        const url = httpUrl(alert.link);
        if (url) runs.push({ kind: 'link', url });
        break;
      }
      case 'published': {
        const ms = alert.published ? Date.parse(alert.published) : Number.NaN;
        if (Number.isFinite(ms)) text(new Date(ms).toISOString().replace('.000Z', 'Z'));
        break;
      }
      case 'published:relative': {
        const ms = alert.published ? Date.parse(alert.published) : Number.NaN;
        if (Number.isFinite(ms)) runs.push({ kind: 'time', epochSeconds: Math.floor(ms / 1000), relative: formatRelativeTime(ms, nowMs) });
        break;
      }
    }
  }
  return runs;
}

/** "just now", "5 min ago", "3 h ago", "2 d ago" (and "in 5 min" for a date ahead of the clock). */
export function formatRelativeTime(thenMs: number, nowMs: number): string {
  const seconds = Math.round((nowMs - thenMs) / 1000);
  const magnitude = Math.abs(seconds);
  if (magnitude < 45) return 'just now';
  const amount = magnitude < 3600 ? `${Math.max(1, Math.round(magnitude / 60))} min`
    : magnitude < 86_400 ? `${Math.round(magnitude / 3600)} h`
      : `${Math.round(magnitude / 86_400)} d`;
  return seconds >= 0 ? `${amount} ago` : `in ${amount}`;
}

/** The plain text of runs (fallback texts, footers that render no markup). */
export function runsToPlainText(runs: readonly MessageRun[]): string {
  return runs.map((run) => (run.kind === 'text' ? run.text : run.kind === 'link' ? run.url : run.relative)).join('');
}

function urgencyText(urgency: unknown): string {
  if (isUrgency(urgency)) return urgencyLabel(urgency);
  if (typeof urgency === 'string') return urgency;
  if (urgency && typeof urgency === 'object' && 'label' in urgency && typeof urgency.label === 'string') return urgency.label;
  return '';
}

function httpUrl(link: string | null): string | null {
  if (!link) return null;
  try {
    const url = new URL(link);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}
