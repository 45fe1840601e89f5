/**
 * The shipped alert schema (schemas/alert-v1.schema.json) describes what the built CLI really prints: every
 * console line of a run over the e2e fixtures, alerts and a feed-failing notice, validates against it.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildOnce, makeTempDir, parseAlertLines, ROOT, runCli, writeConfig } from '../helpers/run-cli.js';

const SCHEMA_FILE = join(ROOT, 'schemas/alert-v1.schema.json');
const FIXTURES = join(ROOT, 'tests/fixtures/e2e');
let server: Server;
let base: string;

beforeAll(async () => {
  buildOnce();
  server = createServer((req, res) => {
    let body: Buffer;
    try {
      body = readFileSync(join(FIXTURES, (req.url ?? '/').slice(1)));
    } catch {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200).end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 180_000);

afterAll(() => server?.close());

function loadSchema() {
  const document = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as Record<string, unknown>;
  return { document, validator: z.fromJSONSchema(document as never) };
}

describe('schemas/alert-v1.schema.json', () => {
  it('is a versioned draft 2020-12 schema requiring every key of the console line contract', () => {
    const { document } = loadSchema();
    expect(document.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(String(document.$id)).toMatch(/alert-v1\.schema\.json$/);
    expect(document.required).toEqual(expect.arrayContaining([
      'channel', 'subscriptions', 'feed', 'feedUrl', 'id', 'title', 'link', 'published', 'matched', 'summary', 'kind',
    ]));
  });

  it('validates every line newsbot run --once prints (alerts and a notice), and refuses altered ones', async () => {
    const dir = makeTempDir();
    const path = writeConfig(dir, `
store: sqlite://${join(dir, 'store.sqlite')}
backfill: all
failureThreshold: 1
fetch: { allowPrivateNetworks: true, timeout: 5s }
feeds:
  - { id: wire-world, url: "${base}/wire-world.xml", name: Wire World }
  - { id: asia-desk, url: "${base}/asia-desk.atom" }
  - { id: broken, url: "${base}/missing.xml" }
channels:
  - { id: desk, platform: console }
notices: { channel: desk }
subscriptions:
  - { id: afghanistan, channel: desk, query: 'Taliban OR "Bagram air base" OR Kabul' }
`);
    const run = await runCli(['run', '--once', '--config', path]);
    expect(run.code, run.stderr).toBe(0);
    const lines = parseAlertLines(run.stdout);
    expect(lines.filter((l) => l.kind === 'alert').length).toBeGreaterThanOrEqual(3);
    expect(lines.filter((l) => l.kind === 'notice')).toHaveLength(1);
    const { validator } = loadSchema();
    for (const line of lines) {
      const result = validator.safeParse(line);
      expect(result.success, `${JSON.stringify(line)}: ${result.error?.message}`).toBe(true);
    }
    const story = lines.find((l) => l.kind === 'alert')!;
    for (const altered of [
      { ...story, kind: 'story' }, { ...story, published: '6 July 2021' }, { ...story, link: 'javascript:alert(1)' },
      { ...story, matched: 'Taliban' }, Object.fromEntries(Object.entries(story).filter(([key]) => key !== 'summary')),
    ]) {
      expect(validator.safeParse(altered).success, JSON.stringify(altered)).toBe(false);
    }
  }, 60_000);
});
