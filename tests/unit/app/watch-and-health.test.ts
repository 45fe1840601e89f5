/**
 * The config watch (content-based, rename saves, Kubernetes `..data` swaps, SIGHUP) and the health server
 * (bound port for port 0, 503 with a reason), with real files, real signals to this process and real HTTP.
 */
import { mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { createMetrics } from '../../../src/app/metrics.js';
import { serveHealth } from '../../../src/app/serve-health.js';
import { watchConfig } from '../../../src/app/watch-config.js';
import { ConfigError, type AppConfig } from '../../../src/config/load-config.js';
import type { Logger } from '../../../src/core/ports.js';

const lines: Array<{ level: string; msg: string }> = [];
const log: Logger = {
  debug: (o, m) => void lines.push({ level: 'debug', msg: m ?? String(o) }),
  info: (o, m) => void lines.push({ level: 'info', msg: m ?? String(o) }),
  warn: (o, m) => void lines.push({ level: 'warn', msg: m ?? String(o) }),
  error: (o, m) => void lines.push({ level: 'error', msg: m ?? String(o) }),
};
let cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const fn of cleanup.reverse()) await fn();
  cleanup = [];
  lines.length = 0;
});

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(cond: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 100 && !cond(); i++) await wait(20);
  if (!cond()) throw new Error(`timed out waiting for ${what}`);
}

function startWatch(path: string) {
  const applied: string[] = [];
  const watcher = watchConfig({
    path, log, settleMs: 30,
    load: async () => {
      const { readFileSync } = await import('node:fs');
      const text = readFileSync(path, 'utf8');
      if (text.startsWith('bad')) throw new ConfigError(path, [{ line: 1, path: '(root)', detail: 'broken' }]);
      return { text } as unknown as AppConfig;
    },
    apply: async (c) => void applied.push((c as unknown as { text: string }).text),
  });
  cleanup.push(() => watcher.close());
  return applied;
}

test('rename saves reload once per content change; identical bytes and neighbouring files do not; bad edits are logged', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'newsbot-watch-'));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'newsbot.yaml');
  writeFileSync(path, 'v1');
  const applied = startWatch(path);
  await wait(100);
  const save = (text: string) => { writeFileSync(`${path}.tmp`, text); renameSync(`${path}.tmp`, path); };
  save('v2');
  await until(() => applied.length === 1, 'the v2 reload');
  expect(applied).toEqual(['v2']);
  save('v2');
  writeFileSync(join(dir, 'store.sqlite-wal'), 'noise');
  await wait(200);
  expect(applied).toEqual(['v2']);
  save('bad edit');
  await until(() => lines.some((l) => l.level === 'error'), 'the rejection');
  expect(lines.find((l) => l.level === 'error')!.msg).toBe(`config edit rejected, the last good config keeps running: ${path}:1 (root): broken`);
  save('v3');
  await until(() => applied.length === 2, 'the v3 reload');
  expect(applied).toEqual(['v2', 'v3']);
});

test('a Kubernetes-style ..data symlink swap reloads; SIGHUP reloads even unchanged bytes', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'newsbot-watch-'));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, '..v1'));
  mkdirSync(join(dir, '..v2'));
  writeFileSync(join(dir, '..v1', 'newsbot.yaml'), 'k1');
  writeFileSync(join(dir, '..v2', 'newsbot.yaml'), 'k2');
  symlinkSync('..v1', join(dir, '..data'));
  symlinkSync(join('..data', 'newsbot.yaml'), join(dir, 'newsbot.yaml'));
  const applied = startWatch(join(dir, 'newsbot.yaml'));
  await wait(100);
  symlinkSync('..v2', join(dir, '..data_tmp'));
  renameSync(join(dir, '..data_tmp'), join(dir, '..data'));
  await until(() => applied.length === 1, 'the reload after the swap');
  expect(applied).toEqual(['k2']);
  process.kill(process.pid, 'SIGHUP');
  await until(() => applied.length === 2, 'the SIGHUP reload');
  expect(applied).toEqual(['k2', 'k2']);
});

function get(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path, agent: false }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    }).on('error', reject).end();
  });
}

test('health server: port 0 binds a free port and logs it; /healthz is 503 with the reason when the check fails', async () => {
  let health = { ok: true, reason: undefined as string | undefined };
  const server = await serveHealth({ port: 0, host: '127.0.0.1', metrics: createMetrics(), check: async () => health, log });
  cleanup.push(() => server.close());
  expect(server.port).toBeGreaterThan(0);
  expect(lines.some((l) => l.msg === `health and metrics on 127.0.0.1:${server.port} (/healthz, /metrics)`)).toBe(true);
  expect(await get(server.port, '/healthz')).toEqual({ status: 200, body: '{"status":"ok"}' });
  health = { ok: false, reason: 'shutting down' };
  expect(await get(server.port, '/healthz')).toEqual({ status: 503, body: '{"status":"unhealthy","reason":"shutting down"}' });
  const metrics = await get(server.port, '/metrics');
  expect(metrics.body).toContain('newsbot_polls_total 0');
});
