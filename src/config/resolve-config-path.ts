/** Which config file to read: `--config PATH` beats NEWSBOT_CONFIG beats config/newsbot.yaml. */

export const DEFAULT_CONFIG_PATH = 'config/newsbot.yaml';

export function resolveConfigPath(flag: string | undefined, env: Record<string, string | undefined>): string {
  if (flag !== undefined && flag.trim() !== '') return flag;
  const fromEnv = env.NEWSBOT_CONFIG;
  if (fromEnv !== undefined && fromEnv.trim() !== '') return fromEnv;
  return DEFAULT_CONFIG_PATH;
}
