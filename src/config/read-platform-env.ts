/**
 * Reads the environment of every registered platform through its descriptor's `readEnv`. Each secret may instead
 * come from `<NAME>_FILE` (Docker/Kubernetes secrets): the file's content, trimmed. Reasons never include values.
 * The descriptors are passed in by src/app: config knows no platform by name.
 */
import { readFileSync } from 'node:fs';
import { checkPlatformList, EnvProblem, type EnvReader, type PlatformDescriptor } from '../core/platform-descriptor.js';

export { EnvProblem } from '../core/platform-descriptor.js';

/** What the environment reader needs of a descriptor. */
export type PlatformEnvPart = Pick<PlatformDescriptor, 'name' | 'readEnv'>;

export interface PlatformEnv {
  /** The environment each usable platform read, by name; a platform absent here is disabled. */
  env: Record<string, unknown>;
  /** Why a platform is disabled, e.g. "discord: DISCORD_TOKEN is not set". */
  missing: string[];
  /** Every value read as a secret (tokens): logging redacts them. */
  secrets: string[];
}

export type Env = Record<string, string | undefined>;
export type ReadSecretFile = (path: string) => string;

const readFileText: ReadSecretFile = (path) => readFileSync(path, 'utf8');

export function readPlatformEnv(platforms: readonly PlatformEnvPart[], env: Env, readSecretFile: ReadSecretFile = readFileText): PlatformEnv {
  const problem = checkPlatformList(platforms);
  if (problem !== null) throw new Error(`cannot read the platform environment: ${problem}`);
  const result: PlatformEnv = { env: {}, missing: [], secrets: [] };
  const reader: EnvReader = {
    value: (name) => readValue(env, name),
    secret(name) {
      const secret = readSecret(env, name, readSecretFile);
      if (secret !== undefined) result.secrets.push(secret);
      return secret;
    },
  };
  for (const platform of platforms) {
    try {
      result.env[platform.name] = platform.readEnv ? platform.readEnv(reader) : {};
    } catch (error) {
      if (!(error instanceof EnvProblem)) throw error;
      result.missing.push(`${platform.name}: ${error.message}`);
    }
  }
  return result;
}

/** Unset and empty are the same: an empty token is never meant. */
function readValue(env: Env, name: string): string | undefined {
  const raw = env[name]?.trim();
  return raw === undefined || raw === '' ? undefined : raw;
}

export function readSecret(env: Env, name: string, readSecretFile: ReadSecretFile): string | undefined {
  const direct = readValue(env, name);
  const file = readValue(env, `${name}_FILE`);
  if (direct !== undefined && file !== undefined) throw new EnvProblem(`both ${name} and ${name}_FILE are set; use one`);
  if (file === undefined) return direct;
  let content: string;
  try {
    content = readSecretFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new EnvProblem(`cannot read ${name}_FILE (${file}): ${code}`);
  }
  const trimmed = content.trim();
  if (trimmed === '') throw new EnvProblem(`${name}_FILE (${file}) is empty`);
  return trimmed;
}
