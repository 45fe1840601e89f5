/** Checks on environment values that more than one platform reads; each throws an EnvProblem naming the variable. */
import { EnvProblem, type EnvReader } from '../../core/platform-descriptor.js';

/** An http(s) URL, or undefined when unset. */
export function readHttpUrl(env: EnvReader, name: string): string | undefined {
  const raw = env.value(name);
  if (raw === undefined) return undefined;
  try {
    const url = new URL(raw);
    if (url.protocol === 'http:' || url.protocol === 'https:') return raw;
  } catch {
    // reported below
  }
  throw new EnvProblem(`${name} must be an http(s) URL`);
}

/** A secret the platform cannot run without. */
export function requireSecret(env: EnvReader, name: string): string {
  const secret = env.secret(name);
  if (secret === undefined) throw new EnvProblem(`${name} is not set`);
  return secret;
}

/** A TCP port from 0 to 65535, or undefined when unset. */
export function readPort(env: EnvReader, name: string): number | undefined {
  const raw = env.value(name);
  if (raw === undefined) return undefined;
  if (!(/^\d{1,5}$/.test(raw) && Number(raw) <= 65535)) throw new EnvProblem(`${name} must be a port number from 0 to 65535`);
  return Number(raw);
}
