/**
 * Small files are a rule of the project (DEVELOPERS.md: aim < 300 lines): a file past it is split by what it
 * does before it lands. This walks the source trees so the rule holds without anyone counting.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const TREES = ['src', 'tests', 'bench', 'scripts'];
const SOURCE = /\.(ts|mts|cts|js|mjs|cjs)$/;
const MAX_LINES = 300;

function listSources(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'output' || entry.name === 'fixtures') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listSources(path));
    else if (SOURCE.test(entry.name)) out.push(path);
  }
  return out;
}

function countLines(path: string): number {
  const text = readFileSync(path, 'utf8');
  return text.length === 0 ? 0 : text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
}

describe('file size', () => {
  const files = TREES.flatMap((tree) => listSources(join(ROOT, tree)));

  it('finds the source files', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(files.some((f) => f.endsWith(join('src', 'cli.ts')))).toBe(true);
  });

  it(`keeps every source file at ${MAX_LINES} lines or fewer`, () => {
    const long = files
      .map((f) => ({ file: relative(ROOT, f), lines: countLines(f) }))
      .filter((f) => f.lines > MAX_LINES)
      .map((f) => `${f.file}: ${f.lines} lines`);
    expect(long).toEqual([]);
  });
});
