/**
 * docker-compose.yml, checked without Docker: Redis plus two bot services, and the bots' start command really
 * turns the shipped example config into a valid config on the compose Redis (run here through sh, as in the
 * container, then `newsbot check-config`).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildOnce, makeTempDir, ROOT, runCli } from '../helpers/run-cli.js';

interface Service {
  image?: string;
  build?: string;
  command?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
}

beforeAll(() => buildOnce(), 180_000);

it('docker-compose.yml: Redis with persistence and two bots on the example config, pointed at that Redis', async () => {
  const compose = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as { services: Record<string, Service> };
  const { redis, ...bots } = compose.services;
  expect(redis?.image).toMatch(/^redis:/);
  expect(redis?.command?.join(' ')).toContain('--appendonly yes');
  expect(Object.keys(bots).sort()).toEqual(['bot-1', 'bot-2']);

  for (const bot of Object.values(bots)) {
    expect(bot.depends_on?.redis?.condition).toBe('service_healthy');
    const [shell, flag, script] = bot.command ?? [];
    expect([shell, flag]).toEqual(['sh', '-c']);
    // Compose turns `$$` into `$`; the container's /tmp becomes a temp dir here, and `exec node …` is left out.
    const dir = makeTempDir('newsbot-compose-');
    const prepare = script!.replaceAll('$$', '$').replaceAll('/tmp/', `${dir}/`).split('&& exec')[0]!;
    execFileSync('sh', ['-c', prepare], { env: { PATH: process.env.PATH ?? '', NEWSBOT_CONFIG: join(ROOT, bot.environment!.NEWSBOT_CONFIG!.replace('/app/', '')) } });
    const checked = await runCli(['check-config', '--config', join(dir, 'newsbot.yaml')]);
    expect(checked.code, checked.stderr).toBe(0);
    expect(checked.stdout).toContain('store redis://redis:6379/0');
  }
}, 60_000);
