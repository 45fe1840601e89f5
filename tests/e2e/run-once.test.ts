import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOnce, makeTempDir, parseAlertLines, ROOT, runCli, writeConfig } from './helpers/run-cli.js';

const FIXTURES = join(ROOT, 'tests/fixtures/e2e');
let server: Server;
let base: string;
/** Bodies served in place of fixture files, so a test can make a failing feed answer. */
const overrides = new Map<string, Buffer | string>();

beforeAll(async () => {
  buildOnce();
  server = createServer((req, res) => {
    const name = (req.url ?? '/').slice(1);
    try {
      const body = overrides.get(name) ?? readFileSync(join(FIXTURES, name));
      res.writeHead(200, { 'content-type': name.endsWith('.atom') ? 'application/atom+xml' : 'application/rss+xml' });
      res.end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 180_000);

afterAll(() => server?.close());

function config(store: string, extra = ''): string {
  return `
store: ${store}
backfill: all
fetch:
  allowPrivateNetworks: true
  timeout: 5s
feeds:
  - id: wire-world
    url: ${base}/wire-world.xml
    name: Wire World
  - id: asia-desk
    url: ${base}/asia-desk.atom
  - id: broken
    url: ${base}/missing.xml
channels:
  - id: desk
    platform: console
  - id: pakistan-desk
    platform: console
subscriptions:
  - id: afghanistan
    channel: desk
    query: Taliban OR "Bagram air base"
  - id: taliban-not-pakistan
    channel: pakistan-desk
    query: Taliban -Pakistan
${extra}`;
}

describe('newsbot run --once', () => {
  it('prints one JSON alert per matching item and channel, then nothing on a second run', async () => {
    const dir = makeTempDir();
    const path = writeConfig(dir, config(`sqlite://${join(dir, 'store.sqlite')}`));
    const first = await runCli(['run', '--once', '--config', path]);
    expect(first.stderr).toContain('broken');
    expect(first.code).toBe(0);
    const alerts = parseAlertLines(first.stdout);
    const desk = alerts.filter((a) => a.channel === 'desk');
    // Taliban story (reached once although two feeds carry it), the Pakistani Taliban item, the Bagram handover.
    expect(desk.map((a) => a.id).sort()).toEqual([
      'urn:example:asia-desk:bagram-handover', 'wire-world-20210706-001', 'wire-world-20210706-002',
    ]);
    const story = desk.find((a) => a.id === 'wire-world-20210706-001')!;
    expect(story).toMatchObject({
      subscriptions: ['afghanistan'],
      title: 'Kabul vows to win back districts as US pullout nears its end',
      matched: ['Taliban', '"Bagram air base"'],
    });
    // Both feeds carry the story; whichever poll finished first delivered it, the other was deduplicated.
    expect(story).toMatchObject(story.feed === 'wire-world'
      ? { link: 'https://wire.example/world/2021/07/06/kabul-districts', published: '2021-07-06T18:40:00.000Z' }
      : { feed: 'asia-desk', link: 'https://asia.example/desk/stories/kabul-districts', published: '2021-07-06T18:45:00.000Z' });
    expect(String(story.feedUrl)).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
    expect(String(story.summary)).toContain('**Taliban**');
    expect(story.kind).toBe('alert');
    const handover = desk.find((a) => a.id === 'urn:example:asia-desk:bagram-handover')!;
    expect(handover).toMatchObject({
      title: 'US hands over Bagram Air Base and leaves overnight',
      link: 'https://asia.example/desk/stories/bagram-handover',
      matched: ['"Bagram air base"'],
    });
    const pakistan = alerts.filter((a) => a.channel === 'pakistan-desk').map((a) => a.id).sort();
    expect(pakistan).toEqual(['wire-world-20210706-001']);

    const second = await runCli(['run', '--once', '--config', path]);
    expect(second.code).toBe(0);
    expect(second.stdout).toBe('');
  }, 60_000);

  it('first poll with backfill none remembers the items without alerting', async () => {
    const dir = makeTempDir();
    const path = writeConfig(dir, config(`sqlite://${join(dir, 'store.sqlite')}`).replace('backfill: all', 'backfill: none'));
    const result = await runCli(['run', '--once', '--config', path]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
  }, 60_000);

  it('polls a feed that is backing off after a failure, so a fixed feed alerts at once', async () => {
    const dir = makeTempDir();
    const path = writeConfig(dir, config(`sqlite://${join(dir, 'store.sqlite')}`).replace(`${base}/missing.xml`, `${base}/late.xml`));
    const first = await runCli(['run', '--once', '--config', path]);
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(/feed broken failed/);
    overrides.set('late.xml', readFileSync(join(FIXTURES, 'wire-world.xml')).toString().replaceAll('wire-world-2021', 'late-2021'));
    try {
      const second = await runCli(['run', '--once', '--config', path]);
      expect(second.code).toBe(0);
      const late = parseAlertLines(second.stdout).filter((a) => a.feed === 'broken').map((a) => a.id);
      expect(late).toContain('late-20210706-001');
      const done = second.stderr.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>)
        .find((l) => l.msg === 'one poll cycle done');
      expect(done).toMatchObject({ feedsPolled: 3, feedsFailed: 0, delivered: parseAlertLines(second.stdout).length });
    } finally {
      overrides.delete('late.xml');
    }
  }, 60_000);

  it('exits non-zero when the store cannot be opened', async () => {
    const dir = makeTempDir();
    writeConfig(dir, 'not a directory', 'blocker');
    const path = writeConfig(dir, config(`sqlite://${join(dir, 'blocker', 'store.sqlite')}`));
    const result = await runCli(['run', '--once', '--config', path]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/store/i);
  }, 60_000);
});

describe('newsbot status', () => {
  it('says a channel cannot deliver when its platform has no credentials here', async () => {
    const dir = makeTempDir();
    const path = writeConfig(dir, config(`sqlite://${join(dir, 'store.sqlite')}`).replace(
      '  - id: pakistan-desk\n    platform: console', '  - id: pakistan-desk\n    platform: discord\n    channel: "123456789012345678"'));
    const result = await runCli(['status', '--config', path]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/pakistan-desk \(discord\) +pending: 0 +DISABLED: platform not configured \(discord: DISCORD_TOKEN is not set\)/);
    expect(result.stdout).toMatch(/desk \(console\) +pending: 0 +delivering/);
  }, 60_000);

  it('exits 2 with one line when the store cannot be reached', async () => {
    const dir = makeTempDir();
    const path = writeConfig(dir, config('redis://127.0.0.1:1/0'));
    const result = await runCli(['status', '--config', path]);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^cannot open the store redis:\/\/127\.0\.0\.1:1/);
  }, 60_000);
});

describe('newsbot check-config', () => {
  it('prints a one-line summary for a valid file', async () => {
    const dir = makeTempDir();
    const path = writeConfig(dir, config('memory://'));
    const result = await runCli(['check-config', '--config', path]);
    expect(result.code).toBe(0);
    expect(result.stdout.trim().split('\n')).toHaveLength(1);
    expect(result.stdout).toMatch(/3 feeds/);
  });

  it('names file, line and key path for a broken file', async () => {
    const dir = makeTempDir();
    const path = writeConfig(dir, config('memory://').replace(`${base}/missing.xml`, 'not a url'));
    const result = await runCli(['check-config', '--config', path]);
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(`${path}:14 feeds[2].url: Invalid URL`);
  });

  it('rejects a bad query with its column', async () => {
    const dir = makeTempDir();
    const path = writeConfig(dir, config('memory://').replace('query: Taliban -Pakistan', 'query: (Taliban'));
    const result = await runCli(['check-config', '--config', path]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/subscriptions\[1\]\.query: .*column/);
  });

  it('honours NEWSBOT_CONFIG', async () => {
    const dir = makeTempDir();
    const path = writeConfig(dir, config('memory://'));
    const result = await runCli(['check-config'], { env: { NEWSBOT_CONFIG: path } });
    expect(result.code).toBe(0);
  });
});
