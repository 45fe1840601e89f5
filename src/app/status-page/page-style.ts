/** The status page's only stylesheet, inline so the page needs nothing else (and the CSP can stay strict). */
export const PAGE_STYLE = `
:root { color-scheme: light; --ink: #1f2937; --muted: #6b7280; --line: #e5e7eb; --card: #ffffff; --bg: #f3f4f6;
  --ok: #047857; --ok-bg: #d1fae5; --warn: #92400e; --warn-bg: #fef3c7; --bad: #991b1b; --bad-bg: #fee2e2;
  --info: #1e40af; --info-bg: #dbeafe; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--ink); font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; }
header { background: #111827; color: #f9fafb; padding: 18px 32px; display: flex; align-items: baseline; gap: 16px; flex-wrap: wrap; }
header h1 { margin: 0; font-size: 20px; font-weight: 650; letter-spacing: .2px; }
header .meta { color: #9ca3af; font-size: 13px; }
main { max-width: 1240px; margin: 0 auto; padding: 20px 32px 40px; }
.tiles { display: grid; grid-template-columns: repeat(auto-fit, minmax(180px, 1fr)); gap: 12px; margin-bottom: 18px; }
.tile { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 12px 16px; }
.tile .value { font-size: 24px; font-weight: 650; }
.tile .label { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .6px; }
section { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 16px 20px; margin-bottom: 18px; }
section h2 { margin: 0 0 12px; font-size: 16px; font-weight: 650; }
section h2 .count { color: var(--muted); font-weight: 400; font-size: 13px; margin-left: 6px; }
.note { color: var(--muted); font-size: 12px; margin: 10px 0 0; }
table { width: 100%; border-collapse: collapse; }
th { text-align: left; font-size: 12px; color: var(--muted); font-weight: 600; text-transform: uppercase; letter-spacing: .5px;
  border-bottom: 1px solid var(--line); padding: 6px 10px; white-space: nowrap; }
td { border-bottom: 1px solid var(--line); padding: 7px 10px; vertical-align: top; }
tbody tr:nth-child(even) td { background: #fafafa; }
tbody tr:last-child td { border-bottom: 0; }
td.nowrap { white-space: nowrap; }
td.delivery { min-width: 270px; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.small { color: var(--muted); font-size: 12px; }
.muted { color: var(--muted); }
.error { color: var(--bad); font-size: 12px; max-width: 360px; overflow-wrap: anywhere; }
.headline { max-width: 420px; overflow-wrap: anywhere; }
a { color: #1d4ed8; text-decoration: none; }
a:hover { text-decoration: underline; }
code { white-space: nowrap; font: 12px ui-monospace, "DejaVu Sans Mono", monospace; background: #f3f4f6; border: 1px solid var(--line); border-radius: 4px; padding: 1px 5px; }
.badge { display: inline-block; border-radius: 999px; padding: 1px 9px; font-size: 12px; font-weight: 600; white-space: nowrap; }
.badge.ok { color: var(--ok); background: var(--ok-bg); }
.badge.warn { color: var(--warn); background: var(--warn-bg); }
.badge.bad { color: var(--bad); background: var(--bad-bg); }
.badge.info { color: var(--info); background: var(--info-bg); }
.badge.none { color: var(--muted); background: #f3f4f6; }
ul.subs { margin: 0; padding: 0; list-style: none; }
ul.subs li { margin: 2px 0; }
.plot { display: block; width: 100%; height: auto; }
.plot .grid { stroke: #e5e7eb; stroke-width: 1; }
.plot .axis { stroke: #9ca3af; stroke-width: 1; }
.plot .tick, .plot .legend { font-size: 11px; fill: #6b7280; font-family: inherit; }
.plot .legend { fill: #374151; font-size: 12px; }
.plot .line { fill: none; stroke-width: 2.5; stroke-linejoin: round; stroke-linecap: round; }
.plot .samples circle { fill: #94a3b8; fill-opacity: .45; }
.plot .empty { font-size: 13px; fill: #9ca3af; }
.latency-summary { margin: 0 0 8px; }
`;
