/**
 * A config written as JSON is read without the `yaml` package (config/read-json-config): the same value the YAML
 * path builds, or no value at all (and the YAML path reads it, with its messages and lines).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { createRandom } from '../../../bench/lib/seeded-random.js';
import { ConfigError, loadConfigFile } from '../../../src/app/registered-config.js';
import { readJsonConfig } from '../../../src/config/read-json-config.js';
import { DOCUMENT_OPTIONS, TO_JS_OPTIONS } from '../../../src/config/read-yaml-apart.js';

function readAsYaml(text: string): { ok: true; value: unknown } | { ok: false } {
  const doc = parseDocument(text, DOCUMENT_OPTIONS);
  if (doc.errors.length) return { ok: false };
  try {
    return { ok: true, value: doc.toJS(TO_JS_OPTIONS) };
  } catch {
    return { ok: false };
  }
}

/** JSON text of a value whose BigInts are written as integer tokens (JSON.stringify refuses them). */
function toJson(value: unknown, indent = ''): string {
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return `[${value.map((v) => `\n${indent}  ${toJson(v, `${indent}  `)}`).join(',')}\n${indent}]`;
  if (value && typeof value === 'object') {
    return `{${Object.entries(value).map(([k, v]) => `\n${indent}  ${JSON.stringify(k)}: ${toJson(v, `${indent}  `)}`).join(',')}\n${indent}}`;
  }
  return JSON.stringify(value);
}

const STRINGS = ['', 'Taliban', 'Bagram air base', '${DESK}', 'é', 'Kabul\\nKandahar', '\\u00e9\\u0041', '\\ud83d\\ude00', '\\/x',
  '\\\\', '\\"quoted\\"', 'tab\\there', '<!channel> @everyone', '# not a comment', 'key: value', '- item', '*alias', '&anchor',
  '~', 'null', 'true', '0x1F', '1e3', '2021-07-06', 'ü ß 中文'];
const NUMBERS = ['0', '-0', '7', '-42', '123456789012345678901', '0.5', '-1.25', '1e3', '2E-2', '1.5e+10', '1e400', '9007199254740993'];

function randomJson(random: () => number, depth: number): string {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const ws = () => pick(['', ' ', '\n', '  ', '\r\n', '\n    ']);
  const r = random();
  if (depth <= 0 || r < 0.35) {
    const k = random();
    return k < 0.5 ? `"${pick(STRINGS)}"` : k < 0.85 ? pick(NUMBERS) : pick(['true', 'false', 'null']);
  }
  const n = Math.floor(random() * 4);
  if (r < 0.6) return `[${ws()}${Array.from({ length: n }, () => randomJson(random, depth - 1)).join(`${ws()},${ws()}`)}${ws()}]`;
  const keys = [...new Set(Array.from({ length: n }, () => pick(['id', 'query', 'é', 'a b', 'url', '${X}', '1', 'true', ''])))];
  return `{${ws()}${keys.map((key) => `"${key}"${ws()}:${ws()}${randomJson(random, depth - 1)}`).join(`${ws()},${ws()}`)}${ws()}}`;
}

describe('a config written as JSON', () => {
  it('builds exactly the YAML path\'s value, for random documents full of escapes, numbers and YAML look-alikes', () => {
    const random = createRandom(16);
    let read = 0;
    for (let n = 0; n < 2_000; n++) {
      const text = `{"root": ${randomJson(random, 4)}, "more": ${randomJson(random, 3)}}`;
      const yaml = readAsYaml(text);
      const json = readJsonConfig(text);
      if (!json) continue;
      read++;
      expect(yaml, text).toEqual({ ok: true, value: json.value });
    }
    // Strict JSON is always read directly.
    expect(read).toBe(2_000);
  });

  it('builds the shipped config\'s value from its JSON form', () => {
    const yaml = readAsYaml(readFileSync('config/newsbot.yaml', 'utf8'));
    expect(yaml.ok).toBe(true);
    const value = (yaml as { value: unknown }).value;
    expect(readJsonConfig(toJson(value))).toEqual({ value });
    expect(readJsonConfig(`\ufeff${JSON.stringify({ a: [1.5, 'x'] })}\n`)).toEqual({ value: { a: [1.5, 'x'] } });
  });

  it('leaves to the YAML path whatever it could read differently or would reject', () => {
    for (const text of [
      '{"a": 1, "a": 2}', '{"<<": {"a": 1}}', '{"__proto__": {"a": 1}}', '{"a": 1} # comment', '{"a": 1,}', "{'a': 1}",
      '{"a": 01}', '{"a": +1}', '{"a": NaN}', '{"a": .5}', '{"a": "line\nbreak"}', '{"a": "tab\there"}', '[1, 2]', '"text"', '',
      'store: memory://', '{"a": 1}\n---\n{"b": 2}', '{"a": [1, 2}', '{"a": "\\x41"}', `{"a": ${'['.repeat(20_000)}${']'.repeat(20_000)}}`, `{"a": ${'['.repeat(64)}${']'.repeat(64)}}`,
      // A lone CR is no line break to `yaml` (it reads `{"a":1,\r"b":2}` as one odd key), so it is left to it.
      '{"a":1,\r"b":2}', '{"a":\r1}', '{"a":1}\r', '{"a"\r:1}',
    ]) expect(readJsonConfig(text), text).toBeUndefined();
    // Nesting a config never needs (the later checks recurse too); 63 levels under the root are still read.
    expect(readJsonConfig(`{"a": ${'['.repeat(63)}${']'.repeat(63)}}`)).toBeDefined();
    expect(readJsonConfig(`{"a": ${'{"b": '.repeat(62)}1${'}'.repeat(62)}}`)).toBeDefined();
    const deepest = `{"a": ${'['.repeat(63)}${']'.repeat(63)}}`;
    expect(readAsYaml(deepest)).toEqual({ ok: true, value: readJsonConfig(deepest)!.value });
    expect(readJsonConfig('{"a": 1,\r\n"b": 2}\r\n')).toEqual({ value: { a: 1n, b: 2n } });
  });

  it('loads as the same config as its YAML form; a problem still names its line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'newsbot-json-'));
    const yamlFile = join(dir, 'newsbot.yaml');
    const yamlText = [
      'store: memory://', 'feeds:', '  - { id: afp, url: "https://wire.example/afp.xml" }', 'channels:',
      '  - { id: desk, platform: console }', 'subscriptions:', '  - { id: t, channel: "${DESK}", query: "Taliban -Pakistan" }', '',
    ].join('\n');
    writeFileSync(yamlFile, yamlText);
    const jsonFile = join(dir, 'newsbot.json');
    writeFileSync(jsonFile, toJson((readAsYaml(yamlText) as { value: unknown }).value));
    const env = { DESK: 'desk' };
    const { file: _a, ...fromYaml } = await loadConfigFile(yamlFile, env);
    const { file: _b, ...fromJson } = await loadConfigFile(jsonFile, env);
    expect(fromJson).toEqual(fromYaml);

    const bad = JSON.parse(readFileSync(jsonFile, 'utf8')) as { subscriptions: Array<Record<string, unknown>> };
    bad.subscriptions[0]!.channel = 'nowhere';
    writeFileSync(jsonFile, JSON.stringify(bad, null, 2));
    const error = await loadConfigFile(jsonFile, env).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    const line = JSON.stringify(bad, null, 2).split('\n').findIndex((l) => l.includes('nowhere')) + 1;
    expect((error as ConfigError).problems).toEqual([expect.objectContaining({ line, path: 'subscriptions[0].channel' })]);
  });
});
