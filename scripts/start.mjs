#!/usr/bin/env node
// `npm start`: build when dist/ is missing or older than src/, then `newsbot run` with the given arguments.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

const needsBuild = !existsSync('dist/cli.js') || newestMtime('src') > statSync('dist/cli.js').mtimeMs;
if (needsBuild) {
  const build = spawnSync('npm', ['run', 'build'], { stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
const run = spawnSync(process.execPath, ['dist/cli.js', 'run', ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(run.status ?? 1);
