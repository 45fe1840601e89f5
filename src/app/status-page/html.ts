/** Text and attribute values on the status page: feed titles and errors are outside input. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** A latency or wait for a reader: "850 ms", "4.2 s", "3.5 min", "2.1 h". */
export function formatSpan(ms: number): string {
  const abs = Math.abs(ms);
  if (abs < 1000) return `${Math.round(ms)} ms`;
  if (abs < 60_000) return `${trim(ms / 1000)} s`;
  if (abs < 3_600_000) return `${trim(ms / 60_000)} min`;
  if (abs < 172_800_000) return `${trim(ms / 3_600_000)} h`;
  return `${trim(ms / 86_400_000)} d`;
}

function trim(value: number): string {
  return value >= 10 ? String(Math.round(value)) : value.toFixed(1).replace(/\.0$/, '');
}

/** "3 min ago" / "in 20 s", with the exact UTC time in a tooltip; "—" when there is no time. */
export function renderTime(at: number | null, now: number): string {
  if (at === null) return '<span class="muted">—</span>';
  const iso = new Date(at).toISOString();
  const delta = at - now;
  const words = Math.abs(delta) < 1000 ? 'now' : delta < 0 ? `${formatSpan(-delta)} ago` : `in ${formatSpan(delta)}`;
  return `<time datetime="${iso}" title="${iso}">${words}</time>`;
}
