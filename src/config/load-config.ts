/**
 * Reads the YAML config: syntax → ${NAME} substitution → schema (defaults, conversions) → cross-references.
 * Every failure is a ConfigError whose message names file, line and key path, the same text for
 * `check-config`, start-up and hot reload.
 */
import { readFile } from 'node:fs/promises';
import { LineCounter, parseDocument, visit, type Document } from 'yaml';
import type { core } from 'zod';
import { checkPlatformList } from '../core/platform-descriptor.js';
import { checkReferences, findLiteralCredentials, type QueryValidator } from './check-references.js';
import { ConfigError, type ConfigProblem } from './config-error.js';
import type { PlatformSchemaPart } from './platform-schema.js';
import type { PlatformEnv } from './read-platform-env.js';
import { buildConfigSchema, type AppConfig } from './schema.js';
import { parseStoreUrl } from './store-url.js';
import { substituteEnv, type ConfigPath, type SubstitutionProblem } from './substitute-env.js';
import { findLine, formatPath, pathAtOffset } from './yaml-positions.js';
import { readJsonConfig } from './read-json-config.js';
import { APART_FROM_BYTES, DOCUMENT_OPTIONS, readYamlApart, TO_JS_OPTIONS } from './read-yaml-apart.js';

export { ConfigError, formatProblem, type ConfigProblem } from './config-error.js';
export type { AppConfig } from './schema.js';

export interface LoadConfigOptions {
  /** The registered platforms (src/app/platforms.ts): which `channels[].platform` values and `permissions` keys exist. */
  platforms: readonly PlatformSchemaPart[];
  /** Returns an error message for an invalid query, or null. The app passes the real query parser. */
  validateQuery?: QueryValidator;
}

export type Env = Record<string, string | undefined>;

export async function loadConfigFile(file: string, env: Env, opts: LoadConfigOptions): Promise<AppConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const detail = code === 'ENOENT' ? 'file not found' : `cannot read the file (${code ?? String(error)})`;
    throw new ConfigError(file, [{ line: null, path: '(file)', detail }]);
  }
  // JSON is read directly (config/read-json-config). A large YAML config's document is read on a worker
  // (config/read-yaml-apart); one with a problem, here, for its line.
  const read = readJsonConfig(text) ?? (text.length >= APART_FROM_BYTES ? await readYamlApart(text) : undefined);
  return read ? buildFromText(read.value, text, file, env, opts) : parseConfigText(text, file, env, opts);
}

export function parseConfigText(text: string, file: string, env: Env, opts: LoadConfigOptions): AppConfig {
  // The document is not kept for the checks below (read in a function of its own, so no frame holds it): for a
  // large config (100,000 subscriptions) it is hundreds of MiB, which would add to everything the checks and the
  // start-up allocate. Only a problem needs its lines, and then the text is read again.
  const json = readJsonConfig(text);
  return buildFromText(json ? json.value : readConfigValue(text, file), text, file, env, opts);
}

function buildFromText(value: unknown, text: string, file: string, env: Env, opts: LoadConfigOptions): AppConfig {
  let located: { doc: Document; lineCounter: LineCounter } | undefined;
  return buildConfig(value, file, env, opts, (path) => {
    located ??= readDocument(text);
    return findLine(located.doc, located.lineCounter, path);
  });
}

/** The config's plain value, or a ConfigError with the line of a YAML problem. */
function readConfigValue(text: string, file: string): unknown {
  const { doc, lineCounter } = readDocument(text);
  const syntax = doc.errors[0];
  if (syntax) {
    const offset = syntax.pos[0];
    const detail = syntax.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    throw new ConfigError(file, [{ line: lineCounter.linePos(offset).line, path: formatPath(pathAtOffset(doc, offset)), detail }]);
  }
  try {
    return doc.toJS(TO_JS_OPTIONS);
  } catch (error) {
    const detail = (error as Error).message.split('\n')[0]!;
    const offset = findUnresolvedAlias(doc);
    const line = offset === null ? null : lineCounter.linePos(offset).line;
    const path = offset === null ? '(root)' : formatPath(pathAtOffset(doc, offset));
    throw new ConfigError(file, [{ line, path, detail }]);
  }
}

function readDocument(text: string): { doc: Document; lineCounter: LineCounter } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, ...DOCUMENT_OPTIONS });
  return { doc: doc as Document, lineCounter };
}

/** Where the first alias without an anchor is (toJS only says its name). */
function findUnresolvedAlias(doc: Document): number | null {
  let offset: number | null = null;
  visit(doc, {
    Alias(_key, node) {
      if (node.resolve(doc) !== undefined) return undefined;
      offset = node.range?.[0] ?? null;
      return visit.BREAK;
    },
  });
  return offset;
}

/** The same checks on a value built in code (tests, tools): problems carry no line. */
export function parseConfigValue(value: unknown, opts: LoadConfigOptions & { file?: string; env?: Env }): AppConfig {
  return buildConfig(value, opts.file ?? '<config>', opts.env ?? {}, opts, () => null);
}

function buildConfig(
  value: unknown,
  file: string,
  env: Env,
  opts: LoadConfigOptions,
  lineOf: (path: ConfigPath) => number | null,
): AppConfig {
  const root = value ?? {};
  if (typeof root !== 'object' || Array.isArray(root)) {
    throw new ConfigError(file, [{ line: lineOf([]), path: '(root)', detail: 'expected a mapping of config keys (store:, feeds:, …)' }]);
  }
  const substituted = substituteEnv(root, env);
  const fail = (problems: SubstitutionProblem[]): never => {
    throw new ConfigError(file, locate(problems, lineOf, substituted.secrets));
  };
  if (substituted.problems.length > 0) fail(substituted.problems);
  const literal = findLiteralCredentials(root);
  if (literal.length > 0) fail(literal);

  const parsed = schemaFor(opts.platforms).safeParse(substituted.value, { reportInput: true });
  if (!parsed.success) fail(parsed.error.issues.map(toProblem));
  const config = parsed.data!;

  const checked = checkReferences(config, opts.validateQuery);
  if (checked.problems.length > 0) fail(checked.problems);
  const secrets = new Set(substituted.secrets);
  // Feed headers are sent to one host only: never let them reach a log line, whatever they hold.
  for (const feed of config.feeds) for (const header of Object.values(feed.headers ?? {})) if (header.length >= 4) secrets.add(header);
  return { ...config, subscriptions: checked.subscriptions, file, secrets: [...secrets] };
}

// Built once per registered list: a reload parses with the schema the start-up built.
const schemas = new WeakMap<readonly PlatformSchemaPart[], ReturnType<typeof buildConfigSchema>>();

function schemaFor(platforms: readonly PlatformSchemaPart[]): ReturnType<typeof buildConfigSchema> {
  let schema = schemas.get(platforms);
  if (schema === undefined) {
    const problem = checkPlatformList(platforms);
    if (problem !== null) throw new Error(`cannot build the config schema: ${problem}`);
    schema = buildConfigSchema(platforms);
    schemas.set(platforms, schema);
  }
  return schema;
}

function toProblem(issue: core.$ZodIssue): SubstitutionProblem {
  const path = issue.path.filter((segment): segment is string | number => typeof segment !== 'symbol');
  if (issue.code === 'unrecognized_keys') {
    const [first, ...rest] = issue.keys;
    const detail = rest.length === 0 ? 'unknown key' : `unknown key (also ${rest.map((key) => `"${key}"`).join(', ')})`;
    return { path: [...path, first ?? '?'], detail };
  }
  if (issue.code === 'invalid_type' && issue.input === undefined) return { path, detail: 'required' };
  return { path, detail: issue.message };
}

/** Sorts problems by line and removes any substituted secret a message might echo. */
function locate(problems: SubstitutionProblem[], lineOf: (path: ConfigPath) => number | null, secrets: string[]): ConfigProblem[] {
  const located = problems.map((problem) => ({
    line: lineOf(problem.path),
    path: formatPath(problem.path),
    detail: secrets.reduce((text, secret) => text.split(secret).join('[redacted]'), problem.detail),
  }));
  return located.sort((a, b) => (a.line ?? Number.MAX_SAFE_INTEGER) - (b.line ?? Number.MAX_SAFE_INTEGER));
}

/** Everything logging must redact: values substituted from ${NAME}, platform secrets, a Redis password. */
export function collectSecrets(config: AppConfig, platform?: Pick<PlatformEnv, 'secrets'>): string[] {
  const secrets = new Set([...config.secrets, ...(platform?.secrets ?? [])]);
  const store = parseStoreUrl(config.store);
  if (store.kind === 'redis') {
    const password = decodeURIComponent(new URL(store.url).password);
    if (password !== '') secrets.add(password);
  }
  return [...secrets].filter((secret) => secret !== '');
}
