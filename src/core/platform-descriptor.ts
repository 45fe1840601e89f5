/**
 * A platform as a plug-in: everything the rest of the bot needs to know about one platform, in one value.
 * Config validation, the environment reader, secrets, `/alerts help`, the JSON Schema and the app's wiring all
 * derive from the registered list (src/app/platforms.ts), so adding a platform touches only
 * src/platforms/<name>/ and that list.
 *
 * Types only, apart from two pure helpers: the zod import is type-only, so core stays free of runtime
 * dependencies (dependency-cruiser checks that).
 */
import type { ZodType } from 'zod';
import type { Clock, LeaseStore, Logger, Platform } from './ports.js';

/** Lower-case letters, digits and `-`, starting with a letter: it appears in YAML, ids (`<name>:<channel>`) and logs. */
export const PLATFORM_NAME_PATTERN = /^[a-z][a-z0-9-]{0,31}$/;

/** What a platform's `readEnv` may ask of the environment. */
export interface EnvReader {
  /** A plain variable, trimmed; unset and empty are both undefined. */
  value(name: string): string | undefined;
  /**
   * A credential: `NAME`, or the trimmed content of the file `NAME_FILE` (Docker/Kubernetes secrets). Every value
   * read this way is redacted from logs. Setting both, or an unreadable or empty file, throws an EnvProblem.
   */
  secret(name: string): string | undefined;
}

/**
 * Thrown by `readEnv` when the platform cannot run in this environment (a token not set, a malformed URL): the
 * platform is then disabled with one warning `<name>: <message>`, and its channels' alerts wait. The message
 * must name the variable and never hold its value.
 */
export class EnvProblem extends Error {
  override readonly name = 'EnvProblem';
}

/** What the app hands a platform's factory. */
export interface PlatformContext<Env, Permissions> {
  /** What `readEnv` returned. */
  env: Env;
  /** `permissions.<name>` from the config, parsed by the descriptor's `permissions` schema (defaults applied). */
  permissions: Permissions;
  /** The configured feeds, for platforms that style alerts per feed (`feeds[].color`). */
  feeds: ReadonlyArray<{ id: string; name: string; color?: number }>;
  log: Logger;
  clock: Clock;
  /** The process's standard output (alerts of the console platform; a test stream in tests). */
  stdout: TextSink;
  /**
   * Several instances on one store: the shared leases, this process's owner id and `scaleOut.leaseTtl`, for a
   * platform that must run something on one instance only (the Discord gateway).
   */
  scaleOut: { leases: LeaseStore; owner: string; leaseTtlMs: number };
  /**
   * `fetch.allowPrivateNetworks` and `fetch.allowHosts`: the address policy feeds are fetched under, for a
   * platform that connects to URLs from the config (src/net applies it).
   */
  network: { allowPrivateNetworks: boolean; allowHosts: readonly string[] };
}

export interface TextSink {
  write(text: string, done: (error?: Error | null) => void): unknown;
}

export interface PlatformDescriptor<Env = unknown, Permissions = unknown> {
  /** The `channels[].platform` value, `Platform.name`, and the prefix of command-created channel ids. */
  readonly name: string;
  /**
   * Validates `channels[].channel`, the platform's own channel id, given as a string (its `.describe()` text is
   * the hint in the JSON Schema, e.g. "a Slack C… id"). Its output is what the platform receives as
   * `ChannelTarget.channel`. Absent: channels of this platform take no channel id.
   */
  readonly channelId?: ZodType<string, string>;
  /** The schema of `permissions.<name>`, with its defaults. Absent: the config has no such key. */
  readonly permissions?: ZodType<Permissions>;
  /**
   * Reads the platform's variables through `env` (never from process.env). Throws an EnvProblem when the platform
   * cannot run here. Absent: the platform needs no environment and is always on.
   */
  readEnv?(env: EnvReader): Env;
  /** The line `/alerts help` ends with on this platform (its command syntax). Absent: no slash commands. */
  readonly commandHelp?: string;
  /**
   * Builds the adapter. Called once at start-up when the platform's environment is complete; may load a heavy
   * client library lazily (`await import(...)`) so that unused platforms cost nothing.
   */
  create(ctx: PlatformContext<Env, Permissions>): Platform | Promise<Platform>;
}

/** Any descriptor, as the registered list holds them (each entry keeps its own Env and Permissions types). */
export type AnyPlatformDescriptor = PlatformDescriptor<any, any>;

/** Identity, for type inference: `env` and `permissions` in `create` get the types `readEnv` and `permissions` give. */
export function definePlatform<Env = Record<string, never>, Permissions = undefined>(
  descriptor: PlatformDescriptor<Env, Permissions>,
): PlatformDescriptor<Env, Permissions> {
  return descriptor;
}

/** A registered list must have distinct, well-formed names: returns the problem, or null. */
export function checkPlatformList(platforms: ReadonlyArray<Pick<PlatformDescriptor, 'name'>>): string | null {
  if (platforms.length === 0) return 'no platform registered';
  const seen = new Set<string>();
  for (const { name } of platforms) {
    if (!PLATFORM_NAME_PATTERN.test(name)) return `platform name "${name}" must be lower-case letters, digits or "-", starting with a letter`;
    if (seen.has(name)) return `platform "${name}" is registered twice`;
    seen.add(name);
  }
  return null;
}
