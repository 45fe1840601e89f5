// Builds dist/ when it is missing or older than src/ (used by `npm start` and the end-to-end tests).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

export function ensureBuild(root = process.cwd()) {
  const cli = join(root, 'dist/cli.js');
  if (existsSync(cli) && newestMtime(join(root, 'src')) <= statSync(cli).mtimeMs) return;
  const build = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) throw new Error(`npm run build failed with exit code ${build.status}`);
}
