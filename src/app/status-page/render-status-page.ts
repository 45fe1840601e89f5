import type { FeedStatus } from '../status-command.js';
import type { AlertRow, AlertRowState, StatusView } from './collect-status-view.js';
import { escapeHtml as esc, formatSpan, renderTime } from './html.js';
import { PAGE_STYLE } from './page-style.js';
import { renderLatencyPlot } from './render-latency-plot.js';

/** Seconds between reloads: the page has no script, a meta refresh keeps it current. */
export const REFRESH_SECONDS = 30;

/** The whole status page: every value from feeds, queries or errors goes through `esc`. */
export function renderStatusPage(view: StatusView): string {
  const { now } = view;
  const failing = view.feeds.filter((f) => f.failing).length;
  const retrying = view.feeds.filter((f) => !f.failing && f.consecutiveFailures > 0).length;
  const pending = view.channels.reduce((sum, c) => sum + c.pending, 0);
  const disabled = view.channels.filter((c) => c.disabled).length;
  const tiles = [
    tile(`${view.feeds.length - failing - retrying}/${view.feeds.length}`, 'feeds healthy'),
    tile(String(failing + retrying), `feeds failing or retrying`),
    tile(`${view.channels.length - disabled}/${view.channels.length}`, 'channels delivering'),
    tile(String(pending), 'alerts waiting'),
    tile(String(view.latency.overall.count), 'posted in the last hour'),
    tile(view.latency.overall.p95 === null ? '—' : formatSpan(view.latency.overall.p95), 'p95 poll → post'),
  ];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="${REFRESH_SECONDS}"><meta name="robots" content="noindex">
<title>newsbot status</title><style>${PAGE_STYLE}</style></head>
<body><header><h1>newsbot status</h1><span class="meta">${esc(new Date(now).toISOString())} · read-only · refreshes every ${REFRESH_SECONDS} s</span></header>
<main><div class="tiles">${tiles.join('')}</div>
${renderFeeds(view)}
<section id="latency"><h2>Poll-to-post latency<span class="count">last hour, 5-minute buckets</span></h2>${renderLatencyPlot(view.latency)}
<p class="note">From the poll that first saw a story to its post, for alerts this process posted.</p></section>
${renderChannels(view)}
${renderAlerts(view)}
</main></body></html>
`;
}

function tile(value: string, label: string): string {
  return `<div class="tile"><div class="value">${esc(value)}</div><div class="label">${esc(label)}</div></div>`;
}

function feedBadge(feed: FeedStatus): string {
  if (feed.failing) return '<span class="badge bad">failing</span>';
  if (feed.consecutiveFailures > 0) return '<span class="badge warn">retrying</span>';
  return feed.lastSuccess ? '<span class="badge ok">ok</span>' : '<span class="badge none">never polled</span>';
}

function renderFeeds(view: StatusView): string {
  const at = (iso: string | null) => renderTime(iso === null ? null : Date.parse(iso), view.now);
  const rows = view.feeds.map((f) => `<tr data-feed="${esc(f.id)}">
<td><strong>${esc(f.name)}</strong><div class="small">${esc(f.id)} · ${esc(f.url)}</div></td><td>${feedBadge(f)}</td>
<td>${at(f.lastPoll)}</td><td>${at(f.lastSuccess)}</td><td class="num">${f.consecutiveFailures}</td>
<td>${f.backoffUntil ? `until ${at(f.backoffUntil)}` : '<span class="muted">—</span>'}</td><td>${at(f.nextPoll)}</td>
<td class="error">${f.lastError ? esc(f.lastError) : ''}</td></tr>`);
  return `<section id="feeds"><h2>Feeds<span class="count">${view.feeds.length}</span></h2>
<table id="feed-table"><thead><tr><th>Feed</th><th>Status</th><th>Last poll</th><th>Last success</th><th>Failures</th>
<th>Backoff</th><th>Next poll</th><th>Last error</th></tr></thead><tbody>
${rows.join('\n') || '<tr><td colspan="8" class="muted">no feeds configured</td></tr>'}</tbody></table></section>`;
}

function renderChannels(view: StatusView): string {
  const rows = view.channels.map((c) => {
    const state = c.disabled ? `<span class="badge bad">disabled</span> <span class="error">${esc(c.disabled)}</span>`
      : '<span class="badge ok">delivering</span>';
    const subs = c.subscriptions.map((s) => `<li><code>${esc(s.query)}</code> <span class="small">${esc(s.id)}` +
      `${s.feeds ? ` · feeds: ${esc(s.feeds.join(', '))}` : ''} · ${s.source}</span></li>`);
    return `<tr data-channel="${esc(c.id)}"><td><strong>${esc(c.id)}</strong><div class="small">${esc(c.platform)}</div></td>
<td>${state}</td><td class="num">${c.pending}</td><td>${subs.length ? `<ul class="subs">${subs.join('')}</ul>` : '<span class="muted">none</span>'}</td></tr>`;
  });
  return `<section id="channels"><h2>Channels and subscriptions<span class="count">${view.channels.length}</span></h2>
<table id="channel-table"><thead><tr><th>Channel</th><th>Delivery</th><th>Waiting</th><th>Subscriptions</th></tr></thead><tbody>
${rows.join('\n') || '<tr><td colspan="4" class="muted">no channels</td></tr>'}</tbody></table></section>`;
}

function stateCell(state: AlertRowState, now: number): string {
  switch (state.kind) {
    case 'delivered':
      return `<span class="badge ok">posted</span> <span class="small">${renderTime(state.sentAt, now)} · ${formatSpan(state.latencyMs)} after the poll</span>`;
    case 'retrying':
      return `<span class="badge warn">retrying</span> <span class="small">attempt ${state.attempts}, next ${renderTime(state.nextAttemptAt, now)}</span>` +
        `<div class="error">${esc(state.error)}</div>`;
    case 'waiting':
      return `<span class="badge bad">waiting</span><div class="error">${esc(state.reason)}</div>`;
    case 'queued':
      return '<span class="badge info">queued</span>';
    case 'gone':
      return '<span class="badge none">no longer queued</span>';
  }
}

function headline(row: AlertRow): string {
  const title = esc(row.alert.title || '(untitled)');
  const link = row.alert.link && /^https?:\/\//i.test(row.alert.link) ? row.alert.link : null;
  const text = link ? `<a href="${esc(link)}" rel="noopener noreferrer nofollow" target="_blank">${title}</a>` : title;
  return row.alert.kind === 'notice' ? `<span class="badge none">notice</span> ${text}` : text;
}

function renderAlerts(view: StatusView): string {
  const rows = view.alerts.map((a) => `<tr data-state="${a.state.kind}"><td class="nowrap">${renderTime(a.enqueuedAt, view.now)}</td>
<td class="nowrap">${esc(a.channel)}</td><td>${esc(a.alert.feedName || a.alert.feed)}</td><td class="headline">${headline(a)}</td>
<td>${a.alert.matched.map((m) => `<code>${esc(m)}</code>`).join(' ')}</td><td class="delivery">${stateCell(a.state, view.now)}</td></tr>`);
  return `<section id="alerts"><h2>Last alerts<span class="count">${view.alerts.length} (at most 100)</span></h2>
<table id="alert-table"><thead><tr><th>Queued</th><th>Channel</th><th>Feed</th><th>Headline</th><th>Matched</th><th>Delivery</th></tr></thead><tbody>
${rows.join('\n') || '<tr><td colspan="6" class="muted">no alerts since this process started</td></tr>'}</tbody></table>
<p class="note">Alerts this process queued or posted since it started, and every alert still waiting in the store.</p></section>`;
}
