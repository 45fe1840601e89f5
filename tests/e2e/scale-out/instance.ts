/** A long-running `newsbot run` process of the built CLI, with its console alerts parsed as they arrive. */
import { spawn, type ChildProcess } from 'node:child_process';
import { CLI, ROOT } from '../helpers/run-cli.js';

export interface AlertLine {
  channel: string;
  id: string;
  feed: string;
}

export class Instance {
  readonly alerts: AlertLine[] = [];
  stderr = '';
  private partial = '';
  private readonly exited: Promise<number | null>;
  exitCode: number | null | undefined = undefined;
  exitSignal: NodeJS.Signals | null = null;
  private readonly proc: ChildProcess;

  constructor(readonly name: string, configPath: string, env: Record<string, string> = {}) {
    this.proc = spawn(process.execPath, [CLI, 'run', '--config', configPath], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.proc.stdout!.setEncoding('utf8');
    this.proc.stdout!.on('data', (chunk: string) => this.readLines(chunk));
    this.proc.stderr!.setEncoding('utf8');
    this.proc.stderr!.on('data', (chunk: string) => (this.stderr += chunk));
    this.exited = new Promise((resolve) => {
      this.proc.once('exit', (code, signal) => {
        this.exitCode = code;
        this.exitSignal = signal;
        resolve(code);
      });
    });
  }

  get pid(): number {
    return this.proc.pid!;
  }

  get running(): boolean {
    return this.exitCode === undefined;
  }

  private readLines(chunk: string): void {
    const text = this.partial + chunk;
    const lines = text.split('\n');
    this.partial = lines.pop() ?? '';
    for (const line of lines) {
      if (!line.trim()) continue;
      const parsed = JSON.parse(line) as AlertLine;
      this.alerts.push({ channel: parsed.channel, id: parsed.id, feed: parsed.feed });
    }
  }

  kill(signal: NodeJS.Signals): void {
    if (this.running) this.proc.kill(signal);
  }

  /** SIGTERM, then SIGKILL if it has not exited within `graceMs`; resolves with the exit code. */
  async stop(graceMs = 15_000): Promise<number | null> {
    if (!this.running) return this.exitCode ?? null;
    this.proc.kill('SIGTERM');
    const timer = setTimeout(() => this.proc.kill('SIGKILL'), graceMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }

  waitExit(): Promise<number | null> {
    return this.exited;
  }
}

/** Every alert printed by any instance, as `channel id` strings (duplicates kept). */
export function allAlerts(instances: Instance[]): string[] {
  return instances.flatMap((i) => i.alerts.map((a) => `${a.channel} ${a.id}`));
}

export async function waitFor(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export function countBy(values: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return counts;
}
