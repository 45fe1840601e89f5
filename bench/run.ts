/**
 * `npm run bench`: runs every scenario in one process, prints each Markdown section, and writes
 * BENCHMARKS.md with the machine it ran on. `npm run bench -- match parse` runs only those scenarios.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';

const SCENARIOS: Record<string, () => Promise<{ runBench(): Promise<string> }>> = {
  match: () => import('./match.js'),
  parse: () => import('./parse.js'),
  store: () => import('./store.js'),
  'poll-cycle': () => import('./poll-cycle.js'),
  'poll-hosts': () => import('./poll-hosts.js'),
  'poll-workers': () => import('./poll-workers.js'),
  // memory reads the 10,000-feed run poll-cycle already made (one child process for both, see lib/poll-large-run.ts).
  memory: () => import('./memory.js'),
  latency: () => import('./latency.js'),
  pipeline: () => import('./pipeline.js'),
  lifecycle: () => import('./lifecycle.js'),
  'run-once': () => import('./run-once.js'),
};

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const names = wanted.length ? wanted : Object.keys(SCENARIOS);
const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node.js ${process.version}, ${process.platform}/${process.arch}`;
const sections: string[] = [];
for (const name of names) {
  const load = SCENARIOS[name];
  if (!load) throw new Error(`unknown scenario ${name}; known: ${Object.keys(SCENARIOS).join(', ')}`);
  process.stderr.write(`\n== bench ${name}\n`);
  const started = Date.now();
  const section = await (await load()).runBench();
  process.stderr.write(`== ${name} took ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  process.stdout.write(`${section}\n`);
  sections.push(section);
}

/** The hand-written verdicts below the generated tables survive a re-run; update their figures by hand. */
const NOTES_HEADING = '## Goals: met and not met';
function readNotes(): string {
  if (!existsSync('BENCHMARKS.md')) return '';
  const text = readFileSync('BENCHMARKS.md', 'utf8');
  const at = text.indexOf(NOTES_HEADING);
  return at >= 0 ? `\n${text.slice(at)}` : '';
}

if (!wanted.length) {
  const notes = readNotes();
  writeFileSync('BENCHMARKS.md', `# Benchmarks

Measured with \`npm run bench\` on ${machine}, ${new Date().toISOString().slice(0, 10)}.
Each scenario runs its baseline in the same process, so ratios compare like with like.

${sections.join('\n\n')}
${notes}`);
  process.stderr.write(`\nwrote BENCHMARKS.md${notes ? ' (hand-written notes kept: check their figures)' : ''}\n`);
}
