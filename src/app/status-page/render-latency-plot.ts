import { escapeHtml, formatSpan } from './html.js';
import type { LatencySeries } from './latency-series.js';

const W = 1120;
const H = 260;
const M = { left: 64, right: 16, top: 28, bottom: 34 };
const COLORS = { p50: '#2563eb', p95: '#ea580c' } as const;

/** The p50/p95 poll-to-post latency of the last hour as one inline SVG (no script, no external parts). */
export function renderLatencyPlot(series: LatencySeries): string {
  const plotW = W - M.left - M.right;
  const plotH = H - M.top - M.bottom;
  const values = series.buckets.flatMap((b) => [b.p50, b.p95]).filter((v): v is number => v !== null);
  const top = niceCeiling(Math.max(1000, ...values, ...series.points.map((p) => p.ms)));
  const width = plotW / series.buckets.length;
  const x = (i: number) => M.left + width * (i + 0.5);
  const xAt = (at: number) => M.left + ((at - series.from) / (series.to - series.from)) * plotW;
  const y = (ms: number) => M.top + plotH - (ms / top) * plotH;
  const parts: string[] = [];
  for (let i = 0; i <= 4; i++) {
    const value = (top / 4) * i;
    parts.push(`<line class="grid" x1="${M.left}" x2="${W - M.right}" y1="${y(value)}" y2="${y(value)}"/>`,
      `<text class="tick" x="${M.left - 8}" y="${y(value) + 4}" text-anchor="end">${formatSpan(value)}</text>`);
  }
  const minutes = (series.to - series.from) / 60_000;
  for (let i = 0; i <= 4; i++) {
    const ago = Math.round(minutes - (minutes / 4) * i);
    const at = M.left + (plotW / 4) * i;
    parts.push(`<text class="tick" x="${at}" y="${H - 12}" text-anchor="middle">${ago === 0 ? 'now' : `−${ago} min`}</text>`);
  }
  // Each delivery as a faint dot behind the percentile lines: how many, and how spread out.
  parts.push(`<g class="samples">${series.points.map((p) => `<circle cx="${xAt(p.at).toFixed(1)}" cy="${y(p.ms).toFixed(1)}" r="2"/>`).join('')}</g>`);
  parts.push(`<line class="axis" x1="${M.left}" x2="${W - M.right}" y1="${M.top + plotH}" y2="${M.top + plotH}"/>`);
  for (const name of ['p95', 'p50'] as const) {
    // An empty bucket breaks the line: a gap says "nothing delivered", a straight line would invent values.
    const runs: string[][] = [[]];
    series.buckets.forEach((bucket, i) => {
      const value = bucket[name];
      if (value === null) runs.push([]);
      else runs.at(-1)!.push(`${x(i).toFixed(1)},${y(value).toFixed(1)}`);
    });
    for (const run of runs.filter((r) => r.length > 1)) {
      parts.push(`<polyline class="line" stroke="${COLORS[name]}" points="${run.join(' ')}"/>`);
    }
    // p95 is drawn first and larger, so a bucket where both are equal still shows both.
    series.buckets.forEach((bucket, i) => {
      const value = bucket[name];
      if (value === null) return;
      const label = `${name} ${formatSpan(value)} (${bucket.count} alert${bucket.count === 1 ? '' : 's'}, from ${new Date(bucket.from).toISOString().slice(11, 16)} UTC)`;
      parts.push(`<circle class="point ${name}" cx="${x(i).toFixed(1)}" cy="${y(value).toFixed(1)}" r="${name === 'p95' ? 5 : 3.5}" fill="${COLORS[name]}"><title>${escapeHtml(label)}</title></circle>`);
    });
  }
  parts.push(legend(M.left, 16));
  if (series.overall.count === 0) {
    parts.push(`<text class="empty" x="${M.left + plotW / 2}" y="${M.top + plotH / 2}" text-anchor="middle">no alerts posted in the last hour</text>`);
  }
  const summary = series.overall.count === 0 ? 'no alerts posted in the last hour'
    : `p50 ${formatSpan(series.overall.p50!)}, p95 ${formatSpan(series.overall.p95!)} over ${series.overall.count} alerts`;
  return `<svg id="latency-plot" class="plot" viewBox="0 0 ${W} ${H}" preserveAspectRatio="xMinYMin meet" role="img" ` +
    `aria-label="Poll-to-post latency, last hour: ${escapeHtml(summary)}" xmlns="http://www.w3.org/2000/svg">${parts.join('')}</svg>`;
}

function legend(left: number, baseline: number): string {
  const lines = (['p50', 'p95'] as const).map((name, i) => {
    const at = left + i * 90;
    return `<line x1="${at}" x2="${at + 22}" y1="${baseline - 4}" y2="${baseline - 4}" stroke="${COLORS[name]}" stroke-width="3"/>` +
      `<text class="legend" x="${at + 28}" y="${baseline}">${name}</text>`;
  });
  const dot = left + 180;
  return `${lines.join('')}<g class="samples"><circle cx="${dot + 6}" cy="${baseline - 4}" r="3"/></g>` +
    `<text class="legend" x="${dot + 16}" y="${baseline}">one alert</text>`;
}

/** The smallest 1, 2 or 5 × 10^k step times four that covers `ms`, so the four grid lines get round labels. */
function niceCeiling(ms: number): number {
  const step = ms / 4;
  const magnitude = 10 ** Math.floor(Math.log10(step));
  const nice = [1, 2, 2.5, 5, 10].find((f) => f * magnitude >= step)! * magnitude;
  return nice * 4;
}
