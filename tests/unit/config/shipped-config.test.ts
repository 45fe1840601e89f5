// The files shipped beside the code stay true: the example config runs as is (no tokens, console, SQLite),
// the editor JSON Schema matches the zod schema, and the reference documents every key.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildConfigJsonSchema, loadConfigFile, parseConfigText, readPlatformEnv, renderConfigJsonSchema } from '../../../src/app/registered-config.js';
import { summarizeConfig } from '../../../src/config/summarize-config.js';
import { parseQuery } from '../../../src/core/query/parse-query.js';

const repoFile = (path: string) => fileURLToPath(new URL(`../../../${path}`, import.meta.url));
const validateQuery = (query: string): string | null => {
  try {
    parseQuery(query);
    return null;
  } catch (error) {
    return (error as Error).message;
  }
};

describe('config/newsbot.yaml', () => {
  it('parses with the real query parser and an empty environment', async () => {
    const cfg = await loadConfigFile(repoFile('config/newsbot.yaml'), {}, { validateQuery });
    expect(cfg.store).toBe('sqlite://data/newsbot.sqlite');
    expect(cfg.channels.every((c) => c.platform === 'console')).toBe(true);
    expect(cfg.feeds.length).toBeGreaterThanOrEqual(3);
    for (const feed of cfg.feeds) expect(new URL(feed.url).protocol).toBe('https:');
    expect(cfg.subscriptions.map((s) => s.query)).toContain('Taliban OR "Bagram air base"');
    expect(cfg.secrets).toEqual([]);
    // Every platform that needs credentials (discord, slack, webhook, discord-webhook) is off without them.
    expect(readPlatformEnv({}).missing.map((m) => m.split(':')[0])).toEqual(['discord', 'slack', 'webhook', 'discord-webhook']);
    expect(summarizeConfig({ ...cfg, file: 'config/newsbot.yaml' })).toMatch(
      /^config\/newsbot\.yaml OK: \d+ feeds, 1 channel \(console\), \d+ subscriptions, store sqlite:\/\/data\/newsbot\.sqlite$/,
    );
  });

  it('is caught by the real query parser when a query is broken', () => {
    const text = readFileSync(repoFile('config/newsbot.yaml'), 'utf8').replace('query: Taliban OR "Bagram air base"', 'query: Taliban OR (');
    expect(() => parseConfigText(text, 'config/newsbot.yaml', {}, { validateQuery })).toThrow(/^config\/newsbot\.yaml:\d+ subscriptions\[0\]\.query: /);
  });

  it('keeps its commented-out examples valid when uncommented', () => {
    // Uncomments every `# key:` / `#   key:` / `# - id:` line (keys are lower-case, prose starts upper-case):
    // the optional sections shown in the file must parse too.
    const text = readFileSync(repoFile('config/newsbot.yaml'), 'utf8')
      .split('\n')
      .map((line) => line.replace(/^(\s*)# (?=[ -]*[a-z][A-Za-z]*:)/, '$1'))
      .join('\n');
    const cfg = parseConfigText(text, 'uncommented.yaml', { AFP_API_TOKEN: 'canary-token' }, { validateQuery });
    expect(cfg.channels.map((c) => c.platform)).toEqual(['console', 'discord', 'slack']);
    expect(cfg.http.port).toBe(9464);
    expect(cfg.notices.channel).toBe('desk-console');
    expect(cfg.feeds.some((f) => f.headers?.Authorization === 'Bearer canary-token')).toBe(true);
  });
});

describe('config/newsbot.schema.json', () => {
  it('is up to date with the zod schema (regenerate: npx tsx scripts/export-config-schema.ts)', () => {
    expect(readFileSync(repoFile('config/newsbot.schema.json'), 'utf8')).toBe(renderConfigJsonSchema());
  });

  it('describes the input side: strict objects and human durations as defaults', () => {
    const schema = buildConfigJsonSchema() as { additionalProperties: boolean; properties: Record<string, { default?: unknown; properties?: Record<string, { default?: unknown }> }> };
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.seenTtl?.default).toBe('30d');
    expect(schema.properties.fetch?.properties?.maxBytes?.default).toBe('10MiB');
    expect(schema.properties.store?.default).toBe('sqlite://data/newsbot.sqlite');
  });
});

describe('README.md configuration reference', () => {
  it('documents every key of the schema and every platform environment variable', () => {
    const docs = readFileSync(repoFile('README.md'), 'utf8');
    const keys = listSchemaKeys(buildConfigJsonSchema(), '');
    expect(keys.length).toBeGreaterThan(40);
    const undocumented = keys.filter((key) => !docs.includes(`\`${key}\``));
    expect(undocumented).toEqual([]);
    const variables = ['DISCORD_TOKEN', 'DISCORD_APP_ID', 'DISCORD_GUILD_ID', 'DISCORD_API_URL', 'SLACK_BOT_TOKEN', 'SLACK_APP_TOKEN', 'SLACK_SIGNING_SECRET', 'SLACK_PORT', 'SLACK_API_URL', 'NEWSBOT_CONFIG'];
    expect(variables.filter((name) => !docs.includes(`\`${name}\``))).toEqual([]);
  });
});

/** Dotted key paths of a JSON Schema: `fetch.timeout`, `feeds[].url`. */
function listSchemaKeys(node: unknown, prefix: string): string[] {
  const schema = node as { type?: string; items?: unknown; properties?: Record<string, unknown> };
  if (schema.type === 'array' && schema.items) return listSchemaKeys(schema.items, `${prefix}[]`);
  return Object.entries(schema.properties ?? {}).flatMap(([key, child]) => {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    return [path, ...listSchemaKeys(child, path)];
  });
}
