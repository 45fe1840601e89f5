/**
 * A platform is one descriptor: a new one, written as a module in a temp dir that imports only zod and the public
 * descriptor contract (src/core/platform-descriptor.ts), is validated in the YAML config, reads its environment
 * (its secret redacted), gets its `/alerts help` line and receives alerts, once it is added to the registered list
 * handed to the config functions and createApp. Nothing else in src/ names it.
 */
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createApp } from '../../../src/app/create-app.js';
import { createLogger } from '../../../src/app/create-logger.js';
import { defaultPlatforms } from '../../../src/app/platforms.js';
import { buildConfigJsonSchema, collectSecrets, parseConfigText, readPlatformEnv } from '../../../src/app/registered-config.js';
import type { AnyPlatformDescriptor } from '../../../src/core/platform-descriptor.js';
import type { Logger } from '../../../src/core/ports.js';
import { startFeedServer, type FeedServer } from '../../helpers/feed-server.js';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const contract = pathToFileURL(join(repo, 'src/core/platform-descriptor.ts')).href;

// A carrier-pigeon platform: channels are lofts (`loft-7`), PIGEON_TOKEN is its credential, PIGEON_DIR where it
// files each alert as a JSON line per loft, `permissions.pigeon.keepers` its policy. It files the help reply
// it gets on start, so the test sees the command service answering on this platform.
const DESCRIPTOR_SOURCE = `
import { z } from 'zod';
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EnvProblem, definePlatform } from '${contract}';

export const pigeonPlatform = definePlatform({
  name: 'pigeon',
  channelId: z.string().regex(/^loft-\\d+$/, 'expected a loft like loft-7').describe('a pigeon loft (loft-7)'),
  permissions: z.strictObject({ keepers: z.array(z.string()).default([]) }).prefault({}),
  readEnv(env) {
    const token = env.secret('PIGEON_TOKEN');
    if (token === undefined) throw new EnvProblem('PIGEON_TOKEN is not set');
    const dir = env.value('PIGEON_DIR');
    if (dir === undefined) throw new EnvProblem('PIGEON_DIR is not set');
    return { token, dir };
  },
  commandHelp: 'Commands: coo /alerts subscribe <query>.',
  create({ env, permissions }) {
    return {
      name: 'pigeon',
      async start(commands) {
        const help = await commands.handle({ command: 'help', args: {}, platform: 'pigeon', place: { channel: 'loft-7' }, user: { id: 'keeper', mayManage: false } });
        writeFileSync(join(env.dir, 'started.json'), JSON.stringify({ keepers: permissions.keepers, help }));
      },
      async deliver({ alert, target }) {
        appendFileSync(join(env.dir, target.channel + '.jsonl'), JSON.stringify({ title: alert.title, matched: alert.matched, link: alert.link }) + '\\n');
        return { ok: true, messageId: target.channel + ':' + alert.id };
      },
      async stop() {},
    };
  },
});
`;

const CONFIG = (feedUrl: string) => `
store: memory://
backfill: all
fetch: { allowPrivateNetworks: true, timeout: 5s }
feeds:
  - id: wire
    url: ${feedUrl}
channels:
  - id: coop
    platform: pigeon
    channel: loft-7
subscriptions:
  - channel: coop
    query: "\\"Bagram air base\\""
permissions:
  pigeon:
    keepers: [ada]
`;

const RSS = '<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>'
  + '<item><guid>w1</guid><title>Troops leave Bagram air base</title><link>https://wire.example/w1</link></item>'
  + '<item><guid>w2</guid><title>Calm day in Kabul</title></item></channel></rss>';

const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {} };
let dir: string;
let platforms: AnyPlatformDescriptor[];
let server: FeedServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'newsbot-pigeon-'));
  // The module resolves zod like any platform package would: from a node_modules beside it.
  symlinkSync(join(repo, 'node_modules'), join(dir, 'node_modules'), 'dir');
  writeFileSync(join(dir, 'pigeon-platform.ts'), DESCRIPTOR_SOURCE);
  const module = (await import(pathToFileURL(join(dir, 'pigeon-platform.ts')).href)) as { pigeonPlatform: AnyPlatformDescriptor };
  platforms = [...defaultPlatforms, module.pigeonPlatform];
  server = await startFeedServer();
  server.route('/wire.xml', { body: RSS });
});

afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('a throwaway platform added through its descriptor alone', () => {
  test('is validated in the config like the built-in ones', () => {
    const yaml = CONFIG(server.url('/wire.xml'));
    expect(() => parseConfigText(yaml, 'f.yaml', {})).toThrow('f.yaml:10 channels[0].platform: expected console, discord, slack, webhook or discord-webhook');
    const bad = yaml.replace('channel: loft-7', 'channel: roof');
    expect(() => parseConfigText(bad, 'f.yaml', {}, { platforms })).toThrow('f.yaml:11 channels[0].channel: expected a loft like loft-7');
    expect(() => parseConfigText(yaml.replace('    channel: loft-7\n', ''), 'f.yaml', {}, { platforms })).toThrow(
      'channels[0].channel: required for platform pigeon',
    );
    expect(() => parseConfigText(yaml.replace('keepers: [ada]', 'keepers: ada'), 'f.yaml', {}, { platforms })).toThrow(
      /^f\.yaml:17 permissions\.pigeon\.keepers: /,
    );
    const config = parseConfigText(yaml, 'f.yaml', {}, { platforms });
    expect(config.channels).toEqual([{ id: 'coop', platform: 'pigeon', channel: 'loft-7' }]);
    expect(config.permissions.pigeon).toEqual({ keepers: ['ada'] });

    const schema = buildConfigJsonSchema(platforms) as { properties: Record<string, any> };
    const channel = schema.properties.channels.items.properties;
    // The built-in platforms first (whichever are registered), the throwaway one last.
    expect(channel.platform.enum).toEqual([...defaultPlatforms.map((p) => p.name), 'pigeon']);
    expect(channel.channel.description).toMatch(/^Platform channel id: a Discord snowflake, a Slack C… id, .* or a pigeon loft \(loft-7\)\. Required for discord, slack, .* and pigeon\.$/);
    expect(Object.keys(schema.properties.permissions.properties)).toEqual(['discord', 'slack', 'pigeon']);
  });

  test('a list naming a platform twice, or a malformed name, is refused before any config is read', () => {
    expect(() => parseConfigText('', 'f.yaml', {}, { platforms: [...platforms, platforms.at(-1)!] })).toThrow('platform "pigeon" is registered twice');
    expect(() => readPlatformEnv({}, undefined, [{ ...platforms.at(-1)!, name: 'Pigeon Post' }])).toThrow(/platform name "Pigeon Post" must be/);
  });

  test('reads its environment, keeps its secret out of logs, and is disabled with a reason without it', () => {
    const none = readPlatformEnv({}, undefined, platforms);
    expect(none.env.pigeon).toBeUndefined();
    expect(none.missing).toContain('pigeon: PIGEON_TOKEN is not set');
    const env = readPlatformEnv({ PIGEON_TOKEN: 'canary-pigeon-token', PIGEON_DIR: dir }, undefined, platforms);
    expect(env.env.pigeon).toEqual({ token: 'canary-pigeon-token', dir });
    const config = parseConfigText(CONFIG(server.url('/wire.xml')), 'f.yaml', {}, { platforms });
    let logged = '';
    const destination = new Writable({ write: (chunk, _enc, cb) => void ((logged += String(chunk)), cb()) });
    const log = createLogger({ level: 'info', secrets: collectSecrets(config, env), destination });
    log.warn(`pigeon login refused for canary-pigeon-token at ${dir}`);
    expect(logged).toContain('pigeon login refused for [redacted]');
    expect(logged).not.toContain('canary-pigeon-token');
  });

  test('receives the alerts of a poll cycle and answers /alerts help with its own commands line', async () => {
    const config = parseConfigText(CONFIG(server.url('/wire.xml')), 'f.yaml', {}, { platforms });
    const platformEnv = readPlatformEnv({ PIGEON_TOKEN: 'canary-pigeon-token', PIGEON_DIR: dir }, undefined, platforms);
    const stdout = new Writable({ write: (_chunk, _enc, cb) => cb() });
    const app = await createApp({ config, platformEnv, platforms, clock: { now: () => Date.now() }, log: quiet, stdout });
    try {
      expect([...app.platforms.keys()]).toEqual(['console', 'pigeon']);
      await app.runtime.pollAll();
      await app.runtime.drain(5000);
    } finally {
      await app.close();
    }
    expect(server.hits('/wire.xml')).toBe(1);
    const filed = readFileSync(join(dir, 'loft-7.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as unknown);
    expect(filed).toEqual([{ title: 'Troops leave Bagram air base', matched: ['"Bagram air base"'], link: 'https://wire.example/w1' }]);
    expect(existsSync(join(dir, 'started.json'))).toBe(true);
    const started = JSON.parse(readFileSync(join(dir, 'started.json'), 'utf8')) as { keepers: string[]; help: { title: string; lines: string[] } };
    expect(started.keepers).toEqual(['ada']);
    expect(started.help.title).toBe('Alerts: query syntax');
    expect(started.help.lines.at(-1)).toBe('Commands: coo /alerts subscribe <query>.');
  });
});
