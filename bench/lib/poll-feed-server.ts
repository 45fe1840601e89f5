/** Starts poll-feed-host.ts in a child process and talks to it over IPC. */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { HostCommand, HostStats } from './poll-feed-host.js';

export interface BenchFeedServer {
  hosts: string[];
  port: number;
  /** Feed n's URL; feeds are spread round-robin over the loopback hosts. */
  url(feed: number): string;
  /** Every feed moves to its next version (5% new items). */
  advance(): Promise<void>;
  /** Puts one new item on top of `feed`; resolves with its sequence number and when it became visible. */
  publish(feed: number, title: string): Promise<{ seq: number; at: number }>;
  stats(): Promise<HostStats>;
  stop(): Promise<void>;
}

type Distribute<T> = T extends unknown ? Omit<T, 'id'> : never;

/** `wide`: filler words from a vocabulary as wide as a wire's (lib/poll-corpus.ts); default the 80 common words. */
export type BenchCorpus = 'common' | 'wide';

export async function startBenchFeedServer(hostCount = 8, delayMs = 0, corpus: BenchCorpus = 'common'): Promise<BenchFeedServer> {
  const child: ChildProcess = fork(fileURLToPath(new URL('./poll-feed-host.ts', import.meta.url)), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, BENCH_HOSTS: String(hostCount), BENCH_DELAY_MS: String(delayMs), BENCH_CORPUS: corpus },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const pending = new Map<number, (msg: Record<string, unknown>) => void>();
  let nextId = 1;
  const ready = await new Promise<{ port: number; hosts: string[] }>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`feed host exited with ${code}`)));
    child.on('message', (msg: Record<string, unknown>) => {
      if (msg.ready) resolve(msg as unknown as { port: number; hosts: string[] });
      else pending.get(msg.id as number)?.(msg);
    });
  });
  child.removeAllListeners('exit');
  const call = <T>(command: Distribute<HostCommand>): Promise<T> => new Promise((resolve) => {
    const id = nextId++;
    pending.set(id, (msg) => {
      pending.delete(id);
      resolve(msg as T);
    });
    child.send({ ...command, id });
  });
  const { hosts, port } = ready;
  return {
    hosts,
    port,
    url: (feed) => `http://${hosts[feed % hosts.length]}:${port}/feed/${feed}.xml`,
    advance: () => call<void>({ cmd: 'advance' }),
    publish: (feed, title) => call<{ seq: number; at: number }>({ cmd: 'publish', feed, title }),
    stats: async () => (await call<{ stats: HostStats }>({ cmd: 'stats' })).stats,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.disconnect();
      await exited;
    },
  };
}
