/**
 * Debian's chromium, headless, driven over the DevTools protocol (WebSocket from the `ws` dev dependency): load a
 * page, evaluate checks in it, take a full-page screenshot. `findChromium()` is null when no browser is installed
 * (.ci/run installs one); tests then skip and say why.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';

export function findChromium(): string | null {
  const candidates = [process.env.CHROMIUM_PATH, 'chromium', 'chromium-browser', 'google-chrome'].filter((c): c is string => !!c);
  for (const candidate of candidates) {
    const probe = spawnSync(candidate, ['--version'], { encoding: 'utf8', timeout: 20_000 });
    if (probe.status === 0 && /chrom/i.test(probe.stdout)) return candidate;
  }
  return null;
}

export interface BrowserPage {
  /** Navigates and resolves once the load event fired. */
  open(url: string, headers?: Record<string, string>): Promise<void>;
  /** Evaluates `expression` in the page and returns its (JSON-serialisable) value. */
  evaluate<T>(expression: string): Promise<T>;
  /** A PNG of the page at `width` CSS pixels: all of it, or its first `maxHeight` pixels. */
  screenshot(width?: number, maxHeight?: number): Promise<Buffer>;
  /** Console errors and CSP violations reported by the page so far. */
  problems(): string[];
}

export interface Browser {
  page: BrowserPage;
  close(): Promise<void>;
}

export async function launchChromium(binary: string): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'newsbot-chromium-'));
  const child = spawn(binary, ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run',
    '--hide-scrollbars', '--remote-debugging-address=127.0.0.1', '--remote-debugging-port=0', `--user-data-dir=${profile}`,
    '--window-size=1280,900', 'about:blank'], { stdio: ['ignore', 'ignore', 'pipe'] });
  const browserUrl = await new Promise<string>((resolve, reject) => {
    let err = '';
    const timer = setTimeout(() => reject(new Error(`chromium did not open DevTools:\n${err}`)), 30_000);
    child.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
      const match = /DevTools listening on (ws:\/\/\S+)/.exec(err);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.once('exit', (code) => reject(new Error(`chromium exited (${code}):\n${err}`)));
  });
  const port = new URL(browserUrl).port;
  const targets = await (await fetch(`http://127.0.0.1:${port}/json/list`)).json() as Array<{ type: string; webSocketDebuggerUrl: string }>;
  const pageUrl = targets.find((t) => t.type === 'page')?.webSocketDebuggerUrl;
  if (!pageUrl) throw new Error('chromium has no page target');
  const session = await connect(pageUrl);
  await session.send('Page.enable');
  await session.send('Runtime.enable');
  await session.send('Log.enable');
  await session.send('Network.enable');
  return { page: pageOf(session), close: () => shutdown(child, session, profile) };
}

interface Session {
  send<T = Record<string, unknown>>(method: string, params?: object): Promise<T>;
  once(event: string): Promise<Record<string, unknown>>;
  events: Array<{ method: string; params: Record<string, unknown> }>;
  socket: WebSocket;
}

async function connect(url: string): Promise<Session> {
  const socket = new WebSocket(url, { perMessageDeflate: false });
  await new Promise<void>((resolve, reject) => socket.once('open', () => resolve()).once('error', reject));
  let nextId = 1;
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const listeners: Array<{ event: string; resolve: (p: Record<string, unknown>) => void }> = [];
  const events: Session['events'] = [];
  socket.on('message', (data: Buffer) => {
    const message = JSON.parse(data.toString()) as { id?: number; result?: unknown; error?: { message: string }; method?: string; params?: Record<string, unknown> };
    if (message.id !== undefined) {
      const call = waiting.get(message.id);
      waiting.delete(message.id);
      if (message.error) call?.reject(new Error(message.error.message));
      else call?.resolve(message.result);
      return;
    }
    events.push({ method: message.method!, params: message.params ?? {} });
    for (const l of listeners.filter((x) => x.event === message.method)) {
      listeners.splice(listeners.indexOf(l), 1);
      l.resolve(message.params ?? {});
    }
  });
  return {
    socket, events,
    send: (method, params = {}) => new Promise((resolve, reject) => {
      const id = nextId++;
      waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
      socket.send(JSON.stringify({ id, method, params }));
    }),
    once: (event) => new Promise((resolve) => listeners.push({ event, resolve })),
  };
}

function pageOf(session: Session): BrowserPage {
  return {
    async open(url, headers = {}) {
      await session.send('Network.setExtraHTTPHeaders', { headers });
      const loaded = session.once('Page.loadEventFired');
      const nav = await session.send<{ errorText?: string }>('Page.navigate', { url });
      if (nav.errorText) throw new Error(`chromium could not load ${url}: ${nav.errorText}`);
      await loaded;
    },
    async evaluate<T>(expression: string) {
      const out = await session.send<{ result: { value: T }; exceptionDetails?: { text: string } }>('Runtime.evaluate', { expression, returnByValue: true });
      if (out.exceptionDetails) throw new Error(`page script failed: ${out.exceptionDetails.text}`);
      return out.result.value;
    },
    async screenshot(width = 1280, maxHeight = Infinity) {
      await session.send('Emulation.setDeviceMetricsOverride', { width, height: 900, deviceScaleFactor: 1, mobile: false });
      const full = await this.evaluate<number>('Math.ceil(document.documentElement.scrollHeight)');
      const height = Math.min(full, maxHeight);
      await session.send('Emulation.setDeviceMetricsOverride', { width, height, deviceScaleFactor: 1, mobile: false });
      const shot = await session.send<{ data: string }>('Page.captureScreenshot', {
        format: 'png', captureBeyondViewport: true, clip: { x: 0, y: 0, width, height, scale: 1 },
      });
      return Buffer.from(shot.data, 'base64');
    },
    problems: () => session.events.filter((e) => e.method === 'Log.entryAdded' || e.method === 'Runtime.exceptionThrown')
      .map((e) => JSON.stringify(e.params)).filter((text) => /"level":"error"|exceptionDetails|Content Security Policy/.test(text)),
  };
}

async function shutdown(child: ChildProcess, session: Session, profile: string): Promise<void> {
  session.socket.close();
  if (child.exitCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
    if (child.exitCode === null) child.kill('SIGKILL');
  }
  // Chromium's helper processes can still be writing the profile for a moment after the browser exits
  // (ENOTEMPTY): retry, and leave a temp dir behind rather than fail the test over it.
  try {
    rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  } catch {
    // The OS cleans temp dirs; the page test has already passed or failed on its own checks.
  }
}
