#!/usr/bin/env node
// `npm start`: build when dist/ is stale, then `newsbot run` with the given arguments.
// Signals are forwarded so SIGTERM to `npm start` shuts the bot down gracefully.
import { spawn } from 'node:child_process';
import { ensureBuild } from './ensure-build.mjs';

try {
  ensureBuild();
} catch (err) {
  console.error(err.message);
  process.exit(1);
}
const child = spawn(process.execPath, ['dist/cli.js', 'run', ...process.argv.slice(2)], { stdio: 'inherit' });
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
