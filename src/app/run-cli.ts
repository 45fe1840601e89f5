import type { Logger } from '../core/ports.js';
import { parseQuery } from '../core/query/parse-query.js';
import { collectSecrets, ConfigError, loadConfigFile } from '../config/load-config.js';
import { readPlatformEnv } from '../config/read-platform-env.js';
import { readStatusToken } from '../config/read-status-token.js';
import { resolveConfigPath } from '../config/resolve-config-path.js';
import type { AppConfig } from '../config/schema.js';
import { summarizeConfig } from '../config/summarize-config.js';
import { StoreOpenError } from '../store/open-stores.js';
import { createLogger } from './create-logger.js';
import { defaultPlatforms } from './platforms.js';
import { formatStatus, readStatus } from './status-command.js';
import { systemClock } from './system-clock.js';

type Env = Record<string, string | undefined>;

/** The query check the config runs on every subscription: the real parser, message with column. */
function validateQuery(query: string): string | null {
  try {
    parseQuery(query);
    return null;
  } catch (err) {
    return (err as Error).message;
  }
}

export function loadConfig(path: string, env: Env): Promise<AppConfig> {
  return loadConfigFile(path, env, { platforms: defaultPlatforms, validateQuery });
}

/** Runs one CLI command and returns its exit code: 1 for an invalid config, 2 for a store that cannot open. */
export async function runCli(command: 'run' | 'check-config' | 'status', flags: { config?: string; once?: boolean; json?: boolean },
  env: Env): Promise<number> {
  const configPath = resolveConfigPath(flags.config, env);
  let config: AppConfig;
  try {
    config = await loadConfig(configPath, env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      return 1;
    }
    throw err;
  }
  if (command === 'check-config') {
    process.stdout.write(`${summarizeConfig(config)}\n`);
    return 0;
  }
  if (command === 'status') {
    let status;
    try {
      status = await readStatus(config, systemClock, readPlatformEnv(defaultPlatforms, env).missing);
    } catch (err) {
      if (!(err instanceof StoreOpenError)) throw err;
      process.stderr.write(`cannot open the store ${err.url}: ${err.message}\n`);
      return 2;
    }
    process.stdout.write(flags.json ? `${JSON.stringify(status, null, 2)}\n` : formatStatus(status));
    return 0;
  }
  const platformEnv = readPlatformEnv(defaultPlatforms, env);
  const status = readStatusToken(env);
  const log = createLogger({ level: config.log.level, secrets: [...collectSecrets(config, platformEnv), ...(status.token ? [status.token] : [])] });
  if (status.problem) log.warn(`${status.problem}; the status page answers on loopback addresses only`);
  // Loaded only for `run`: check-config and status stay quick.
  const { runBot } = await import('./run-command.js');
  try {
    return await runBot({
      config, platformEnv, clock: systemClock, log, stdout: process.stdout, once: flags.once ?? false, configPath,
      statusToken: status.token,
      reloadConfig: async () => {
        const next = await loadConfig(configPath, env);
        log.addSecrets(collectSecrets(next, platformEnv));
        return next;
      },
    });
  } catch (err) {
    if (err instanceof StoreOpenError) {
      log.error({ store: err.url }, `cannot open the store: ${err.message}`);
      return 2;
    }
    throw err;
  }
}
