/**
 * The built CLI as a long-running child process, as an operator runs it: logs (JSON lines on stderr) and alerts
 * (JSON lines on stdout) are collected, tests wait for a log line, send signals, and wait for the exit.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { CLI, ROOT } from './run-cli.js';

export interface LogLine {
  level: number;
  msg: string;
  [key: string]: unknown;
}

export interface BotProcess {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  logs(): LogLine[];
  alerts(): Array<Record<string, unknown>>;
  /** Resolves with the first log line (old or new) that matches; rejects after `timeoutMs`. */
  waitForLog(match: (line: LogLine) => boolean, what: string, timeoutMs?: number): Promise<LogLine>;
  /** Resolves once `cond` holds, checked as output arrives and every 50 ms. */
  waitFor(cond: () => boolean, what: string, timeoutMs?: number): Promise<void>;
  signal(name: NodeJS.Signals): void;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function startBot(args: string[], env: Record<string, string> = {}): BotProcess {
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (err += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('exit', (code, signal) => resolve({ code, signal }));
  });
  const logs = (): LogLine[] => err.split('\n').filter((l) => l.startsWith('{')).map((l) => {
    try {
      return JSON.parse(l) as LogLine;
    } catch {
      return { level: 0, msg: l };
    }
  });
  async function waitFor(cond: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (!cond()) {
      if (Date.now() > until) throw new Error(`timed out waiting for ${what}\n--- stderr ---\n${err.slice(-4000)}`);
      if (child.exitCode !== null || child.signalCode !== null) {
        if (!cond()) throw new Error(`bot exited (${child.exitCode ?? child.signalCode}) before ${what}\n--- stderr ---\n${err.slice(-4000)}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    logs,
    alerts: () => out.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as Record<string, unknown>),
    async waitForLog(match, what, timeoutMs) {
      let found: LogLine | undefined;
      await waitFor(() => (found = logs().find(match)) !== undefined, what, timeoutMs);
      return found!;
    },
    waitFor,
    signal: (name) => child.kill(name),
    exited,
  };
}

/** Kills leftovers so a failed assertion never leaves a bot running. */
export function killQuietly(bot: BotProcess | undefined): void {
  if (bot && bot.child.exitCode === null && bot.child.signalCode === null) bot.child.kill('SIGKILL');
}
