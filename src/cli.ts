#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { runCli } from './app/run-cli.js';

const USAGE = `Usage:
  newsbot run [--config PATH] [--once]    run the scheduler and platforms (--once: one poll, deliver, exit)
  newsbot check-config [--config PATH]    validate the config
  newsbot status [--config PATH] [--json] feed and channel health
Default config: config/newsbot.yaml, or NEWSBOT_CONFIG.`;

let parsed;
try {
  parsed = parseArgs({
    allowPositionals: true,
    options: {
      config: { type: 'string', short: 'c' },
      once: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
} catch (err) {
  process.stderr.write(`${(err as Error).message}\n${USAGE}\n`);
  process.exit(64);
}
const [command] = parsed.positionals;
if (parsed.values.help || !command || !['run', 'check-config', 'status'].includes(command)) {
  process.stderr.write(`${USAGE}\n`);
  process.exit(parsed.values.help ? 0 : 64);
}

const code = await runCli(command as 'run' | 'check-config' | 'status', parsed.values, process.env);
process.exitCode = code;
