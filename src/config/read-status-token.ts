/** NEWSBOT_STATUS_TOKEN (or NEWSBOT_STATUS_TOKEN_FILE): opens the status page beyond loopback addresses. */
import { readFileSync } from 'node:fs';
import { EnvProblem, readSecret, type Env, type ReadSecretFile } from './read-platform-env.js';

export const STATUS_TOKEN_MIN_LENGTH = 16;

export interface StatusTokenEnv {
  token?: string;
  /** Why a set token is not used; the page then answers on loopback only. Never holds the value. */
  problem?: string;
}

export function readStatusToken(env: Env, readSecretFile: ReadSecretFile = (path) => readFileSync(path, 'utf8')): StatusTokenEnv {
  let token: string | undefined;
  try {
    token = readSecret(env, 'NEWSBOT_STATUS_TOKEN', readSecretFile);
  } catch (error) {
    if (error instanceof EnvProblem) return { problem: error.message };
    throw error;
  }
  if (token === undefined) return {};
  // A guessable token on a page reachable from the network is worse than no page there.
  if (token.length < STATUS_TOKEN_MIN_LENGTH) return { problem: `NEWSBOT_STATUS_TOKEN must be at least ${STATUS_TOKEN_MIN_LENGTH} characters` };
  return { token };
}
