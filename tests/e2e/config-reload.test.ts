/**
 * Config edits while the built CLI runs: SIGHUP and rename-style saves reload; a valid edit adds and removes
 * feeds and changes subscriptions without re-posting old items; invalid edits are rejected with check-config's
 * message and the last good config keeps running.
 */
import { mkdirSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { killQuietly, startBot, type BotProcess, type LogLine } from './helpers/bot-process.js';
import { makeWorkDir, startWire, type WireFeed } from './helpers/ops-fixture.js';
import { buildOnce, runCli } from './helpers/run-cli.js';
import { loadConfig } from '../../src/app/run-cli.js';

let a: WireFeed;
let b: WireFeed;
let bot: BotProcess | undefined;

beforeAll(async () => {
  buildOnce();
  a = await startWire('/a.xml');
  b = await startWire('/b.xml');
}, 180_000);

afterAll(async () => {
  await a?.server.stop();
  await b?.server.stop();
});

afterEach(() => killQuietly(bot));

function config(store: string, opts: { feeds: Array<[string, string]>; query: string; extra?: string }): string {
  return `
store: ${store}
schedule: "* * * * * *"
backfill: none
fetch: { allowPrivateNetworks: true, timeout: 5s }
feeds:
${opts.feeds.map(([id, url]) => `  - id: ${id}\n    url: ${url}`).join('\n')}
channels:
  - id: desk
    platform: console
subscriptions:
  - id: watch
    channel: desk
    query: ${opts.query}
${opts.extra ?? ''}`;
}

/** How editors save: a new file renamed over the old one. */
function saveByRename(path: string, text: string): void {
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
}

const item = (id: string, title: string): [string, string] => [id, title];
const isReload = (l: LogLine) => l.msg === 'config reloaded';
const isRejection = (l: LogLine) => l.msg.startsWith('config edit rejected');

describe('config edits while running', () => {
  it('SIGHUP and rename saves apply valid edits without re-posting; invalid edits leave the last good config running', async () => {
    const { dir, store } = makeWorkDir();
    // The config is a symlink into another directory (as Kubernetes mounts it): editing the target is invisible
    // to the directory watch, so only SIGHUP can have reloaded it.
    mkdirSync(join(dir, 'real'));
    const target = join(dir, 'real', 'newsbot.yaml');
    const path = join(dir, 'newsbot.yaml');
    writeFileSync(target, config(store, { feeds: [['wire-a', a.url]], query: 'Taliban' }));
    symlinkSync(target, path);
    a.setItems([item('a2', 'Bagram air base handed over'), item('a1', 'Taliban enter Kabul')]);
    b.setItems([item('b1', 'Bagram air base emptied')]);

    bot = startBot(['run', '--config', path]);
    await bot.waitFor(() => a.hits() >= 1, 'the first poll of wire-a');
    a.setItems([item('a3', 'Taliban take Bagram'), item('a2', 'Bagram air base handed over'), item('a1', 'Taliban enter Kabul')]);
    await bot.waitFor(() => ids(bot!).includes('a3'), 'the alert for a3');

    // SIGHUP: subscription changed to Bagram, feed wire-b added.
    writeFileSync(target, config(store, { feeds: [['wire-a', a.url], ['wire-b', b.url]], query: 'Bagram' }));
    await new Promise((r) => setTimeout(r, 800));
    expect(bot.logs().filter(isReload)).toHaveLength(0);
    bot.signal('SIGHUP');
    const reload = await bot.waitForLog(isReload, 'the SIGHUP reload');
    expect(reload.feedsAdded).toEqual(['wire-b']);
    await bot.waitFor(() => b.hits() >= 2, 'wire-b polled twice');
    a.setItems([item('a5', 'Bagram runway closed'), item('a4', 'Taliban spokesman speaks'), item('a3', 'Taliban take Bagram')]);
    await bot.waitFor(() => ids(bot!).includes('a5'), 'the alert for a5 under the new query');

    // A rename save: wire-a removed.
    saveByRename(path, config(store, { feeds: [['wire-b', b.url]], query: 'Bagram' }));
    await bot.waitFor(() => bot!.logs().filter(isReload).length === 2, 'the reload after a rename save');
    expect(bot.logs().filter(isReload)[1]!.feedsRemoved).toEqual(['wire-a']);
    const aHits = a.hits();
    b.setItems([item('b2', 'Bagram convoy'), item('b1', 'Bagram air base emptied')]);
    await bot.waitFor(() => ids(bot!).includes('b2'), 'the alert for b2');

    // Invalid edits: each rejected with exactly what check-config says, in one error line.
    const good = config(store, { feeds: [['wire-b', b.url]], query: 'Bagram' });
    const invalid = {
      'bad YAML': good.replace('backfill: none', 'backfill: [none'),
      'unknown key': `${good}\npollEvery: 5m\n`,
      'duplicate id': config(store, { feeds: [['wire-b', b.url], ['wire-b', a.url]], query: 'Bagram' }),
      'bad query': config(store, { feeds: [['wire-b', b.url]], query: '(Bagram' }),
      'bad URL': config(store, { feeds: [['wire-b', 'not a url']], query: 'Bagram' }),
    };
    for (const [kind, text] of Object.entries(invalid)) {
      const before = bot.logs().filter(isRejection).length;
      saveByRename(path, text);
      await bot.waitFor(() => bot!.logs().filter(isRejection).length === before + 1, `the rejection of the ${kind} edit`);
      // The built check-config once; for the other kinds the function it calls (process start-ups are slow).
      const message = kind === 'bad URL'
        ? await runCli(['check-config', '--config', path]).then((r) => (expect(r.code).toBe(1), r.stderr.trim()))
        : await loadConfig(path, {}).then(() => 'accepted', (err: Error) => err.message);
      const line = bot.logs().filter(isRejection)[before]!;
      expect(line.msg, kind).toBe(`config edit rejected, the last good config keeps running: ${message}`);
      expect(line.level, kind).toBe(50);
    }
    expect(bot.logs().filter(isReload)).toHaveLength(2);

    // The last good config still runs: wire-b polled, Bagram alerts flow, wire-a stays unpolled.
    b.setItems([item('b3', 'Bagram fuel depot'), item('b2', 'Bagram convoy'), item('b1', 'Bagram air base emptied')]);
    await bot.waitFor(() => ids(bot!).includes('b3'), 'the alert for b3 after the rejected edits');
    expect(a.hits()).toBeLessThanOrEqual(aHits + 1);

    // Nothing old was posted again: no a1/a2/b1 (already seen), no a4 (old query), each alert once.
    expect(ids(bot)).toEqual(['a3', 'a5', 'b2', 'b3']);
    bot.signal('SIGTERM');
    expect((await bot.exited).code).toBe(0);
  }, 120_000);
});

function ids(bot: BotProcess): string[] {
  return bot.alerts().map((x) => String(x.id));
}
