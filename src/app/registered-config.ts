/**
 * The config functions of src/config for a list of platforms, by default the registered ones. src/config knows
 * no platform by name; this is where the list is handed to it (and what tests and tools call).
 */
import type { AnyPlatformDescriptor } from '../core/platform-descriptor.js';
import { buildConfigJsonSchema as buildJsonSchema, renderConfigJsonSchema as renderJsonSchema } from '../config/config-json-schema.js';
import * as config from '../config/load-config.js';
import { readPlatformEnv as readEnv, type Env, type PlatformEnv, type ReadSecretFile } from '../config/read-platform-env.js';
import type { AppConfig } from '../config/schema.js';
import { defaultPlatforms } from './platforms.js';

export type Options = Partial<config.LoadConfigOptions> & { platforms?: readonly AnyPlatformDescriptor[] };

const withPlatforms = <T extends Options>(opts: T) => ({ ...opts, platforms: opts.platforms ?? defaultPlatforms });

export function loadConfigFile(file: string, env: Env, opts: Options = {}): Promise<AppConfig> {
  return config.loadConfigFile(file, env, withPlatforms(opts));
}

export function parseConfigText(text: string, file: string, env: Env, opts: Options = {}): AppConfig {
  return config.parseConfigText(text, file, env, withPlatforms(opts));
}

export function parseConfigValue(value: unknown, opts: Options & { file?: string; env?: Env } = {}): AppConfig {
  return config.parseConfigValue(value, withPlatforms(opts));
}

export function readPlatformEnv(env: Env, readSecretFile?: ReadSecretFile, platforms: readonly AnyPlatformDescriptor[] = defaultPlatforms): PlatformEnv {
  return readEnv(platforms, env, readSecretFile);
}

export function buildConfigJsonSchema(platforms: readonly AnyPlatformDescriptor[] = defaultPlatforms): Record<string, unknown> {
  return buildJsonSchema(platforms);
}

export function renderConfigJsonSchema(platforms: readonly AnyPlatformDescriptor[] = defaultPlatforms): string {
  return renderJsonSchema(platforms);
}

export { collectSecrets, ConfigError } from '../config/load-config.js';
export type { PlatformEnv } from '../config/read-platform-env.js';
