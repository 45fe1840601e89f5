/** A large config is read on a worker thread, with the same result and the same errors as on the main thread. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfigFile, parseConfigText } from '../../../src/app/registered-config.js';
import { APART_FROM_BYTES, readYamlApart } from '../../../src/config/read-yaml-apart.js';

const SUBSCRIPTIONS = 14_000;

function largeConfig(): string {
  const head = [
    'store: memory://',
    'feeds:',
    '  - &wire { id: afp, url: "https://wire.example/afp.xml", headers: { X-Desk: world } }',
    '  - { <<: *wire, id: reuters, url: "https://wire.example/reuters.xml" }',
    'channels:',
    '  - id: desk',
    '    platform: console',
    'subscriptions:',
  ];
  const subs = Array.from({ length: SUBSCRIPTIONS }, (_, i) =>
    `  - id: sub-${i}\n    channel: \${DESK}\n    query: Taliban OR "Bagram ${i}" -Pakistan`);
  const text = [...head, ...subs, ''].join('\n');
  expect(text.length).toBeGreaterThan(APART_FROM_BYTES);
  return text;
}

function writeConfig(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'newsbot-apart-')), 'newsbot.yaml');
  writeFileSync(file, text);
  return file;
}

describe('a large config read apart', () => {
  it('gives the config the main thread builds: merge keys, ${NAME}, every subscription', async () => {
    const text = largeConfig();
    const file = writeConfig(text);
    const env = { DESK: 'desk' };
    const apart = await loadConfigFile(file, env);
    expect(apart).toEqual(parseConfigText(text, file, env));
    expect(apart.subscriptions).toHaveLength(SUBSCRIPTIONS);
    expect(apart.feeds[1]).toMatchObject({ id: 'reuters', headers: { 'X-Desk': 'world' } });
  });

  it('hands the worker\'s plain value back, and nothing for a document with a problem', async () => {
    const text = largeConfig();
    const read = await readYamlApart(`big: 123456789012345678901\n${text}`);
    expect((read?.value as { big: unknown }).big).toBe(123456789012345678901n);
    expect(await readYamlApart(`${text}  - id: [unclosed\n`)).toBeUndefined();
    expect(await readYamlApart(`${text}  - { <<: *nowhere }\n`)).toBeUndefined();
  });

  it('reports a late problem with the line and message of the main thread\'s reading', async () => {
    const text = largeConfig();
    const inline = (t: string) => {
      try {
        parseConfigText(t, 'inline', { DESK: 'desk' });
      } catch (err) {
        return (err as Error).message.replace(/^inline/, '');
      }
      throw new Error('no problem found inline');
    };
    for (const late of ['  - id: [unclosed\n', '  - id: late\n    channel: nowhere\n    query: Kabul\n']) {
      const file = writeConfig(`${text}${late}`);
      const error = await loadConfigFile(file, { DESK: 'desk' }).catch((err: unknown) => err);
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toBe(`${file}${inline(`${text}${late}`)}`);
      expect((error as Error).message).toMatch(/\.yaml:420[01]\d /);
    }
  });
});
