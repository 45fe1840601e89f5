/** Shared parts of the operation tests: a wire feed the test edits, the fake Discord behind a proxy, configs. */
import { join } from 'node:path';
import { FakeDiscordServer } from '../../fakes/discord/fake-discord-server.js';
import { startFeedServer, type FeedServer } from '../../helpers/feed-server.js';
import { startDiscordProxy, type DiscordProxy } from './discord-proxy.js';
import { CLI, makeTempDir, runCli, type CliResult } from './run-cli.js';

export const TOKEN = 'ops-test-bot-token.canary';
export const GUILD = '111111111111111111';
export const DESK = '222222222222222222';
export const GONE = '333333333333333333';

export interface WireFeed {
  server: FeedServer;
  url: string;
  /** Items in document order, newest first as wires publish them: `[id, title]`. */
  setItems(items: Array<[string, string]>): void;
  /** 200 with the items, or this status. */
  setStatus(status: number): void;
  hits(): number;
}

export async function startWire(path = '/wire.xml'): Promise<WireFeed> {
  const server = await startFeedServer();
  let items: Array<[string, string]> = [];
  let status = 200;
  server.route(path, (_req, res) => {
    if (status !== 200) return void res.writeHead(status, { 'content-type': 'text/plain' }).end('unavailable');
    const xml = items.map(([id, title]) => `<item><guid isPermaLink="false">${id}</guid><title>${title}</title>` +
      `<link>https://wire.example/${id}</link><description>${title}.</description></item>`).join('');
    res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' })
      .end(`<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title><link>https://wire.example/</link><description>w</description>${xml}</channel></rss>`);
  });
  return {
    server, url: server.url(path),
    setItems: (next) => (items = next),
    setStatus: (next) => (status = next),
    hits: () => server.hits(path),
  };
}

export interface DiscordRig {
  fake: FakeDiscordServer;
  proxy: DiscordProxy;
  /** Environment for the bot process: Discord through the proxy. */
  env: Record<string, string>;
  /** Titles of the messages in a channel, in the order Discord stored them. */
  titles(channel?: string): string[];
  /** Message POSTs the fake received for a channel, with their nonces. */
  posts(channel?: string): Array<{ nonce: string; status: number }>;
  close(): Promise<void>;
}

export async function startDiscord(): Promise<DiscordRig> {
  const fake = await FakeDiscordServer.start({
    token: TOKEN, guilds: [{ id: GUILD, name: 'Newsroom', channels: [{ id: DESK, name: 'desk' }, { id: GONE, name: 'gone' }] }],
  });
  const proxy = await startDiscordProxy(fake.apiUrl);
  return {
    fake, proxy,
    env: { DISCORD_TOKEN: TOKEN, DISCORD_GUILD_ID: GUILD, DISCORD_API_URL: proxy.apiUrl },
    titles: (channel = DESK) => fake.messages(channel).map((m) => (m.embeds[0] as { title: string }).title),
    posts: (channel = DESK) => fake.requests
      .filter((r) => r.method === 'POST' && r.path === `/channels/${channel}/messages`)
      .map((r) => ({ nonce: String((r.body as { nonce?: unknown }).nonce), status: r.status })),
    async close() {
      await proxy.close();
      await fake.close();
    },
  };
}

/** A temp dir with an SQLite store path. */
export function makeWorkDir(): { dir: string; store: string } {
  const dir = makeTempDir('newsbot-ops-');
  return { dir, store: `sqlite://${join(dir, 'store.sqlite')}` };
}

/** The top of an operation test's config: polls every second, alerts on first sight, one failure is failing,
 *  the health server on a free loopback port, notices to a channel `ops` the test defines. */
export function opsConfigHead(store: string): string {
  return `
store: ${store}
schedule: "* * * * * *"
backfill: all
failureThreshold: 1
fetch: { allowPrivateNetworks: true, timeout: 5s }
http: { port: 0, host: 127.0.0.1 }
notices: { channel: ops }`;
}

export function status(configPath: string, json = false): Promise<CliResult> {
  return runCli(['status', '--config', configPath, ...(json ? ['--json'] : [])]);
}

export { CLI };
