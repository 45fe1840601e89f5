import { createHash } from 'node:crypto';
import { watch, type FSWatcher } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import type { Logger } from '../core/ports.js';
import type { AppConfig } from '../config/schema.js';

export interface WatchConfigOptions {
  path: string;
  /** Reads and validates the file; throws a ConfigError (the check-config message) for an invalid edit. */
  load: () => Promise<AppConfig>;
  apply: (config: AppConfig) => Promise<void>;
  log: Logger;
  /** Editors write in several steps: one reload once they settle. */
  settleMs?: number;
}

/**
 * Reloads the config on SIGHUP and when the file changes. The directory is watched, not the file: editors save
 * by writing a new file and renaming it over the old one, and Kubernetes swaps a `..data` symlink, so the file's
 * own inode (and a watch on it) goes stale. An event for the file (or `..data`) leads to a content check; only
 * a file whose bytes changed is reloaded (SIGHUP always reloads).
 */
export function watchConfig(opts: WatchConfigOptions): { close(): void } {
  const { log, path } = opts;
  const name = basename(path);
  let lastHash: string | null = null;
  let timer: NodeJS.Timeout | null = null;
  let forced = false;
  let chain = Promise.resolve();
  let closed = false;

  const hashFile = () => readFile(path).then((b) => createHash('sha256').update(b).digest('hex'), () => null);
  // The content the running config came from; a read racing with an early edit only costs one extra reload.
  const ready = hashFile().then((h) => { lastHash = h; });

  async function reloadIfChanged(force: boolean): Promise<void> {
    await ready;
    const hash = await hashFile();
    if (closed || (!force && (hash === null || hash === lastHash))) return;
    lastHash = hash;
    try {
      const next = await opts.load();
      await opts.apply(next);
    } catch (err) {
      log.error({ file: path }, `config edit rejected, the last good config keeps running: ${(err as Error).message}`);
    }
  }

  const trigger = (force: boolean) => {
    forced ||= force;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      const f = forced;
      forced = false;
      chain = chain.then(() => reloadIfChanged(f));
    }, opts.settleMs ?? 250);
  };
  const onHup = () => {
    log.info({ file: path }, 'SIGHUP: re-reading the config');
    trigger(true);
  };
  process.on('SIGHUP', onHup);

  let watcher: FSWatcher | null = null;
  try {
    watcher = watch(dirname(path), (_event, file) => {
      // The file itself (rename saves), or Kubernetes' `..data` symlink swap; not a store next to the config.
      if (file === null || file === name || file.startsWith('..')) trigger(false);
    });
    watcher.on('error', (err) => log.warn({ err, file: path }, 'config watch failed; send SIGHUP to reload'));
  } catch (err) {
    log.warn({ err, file: path }, 'cannot watch the config file; send SIGHUP to reload');
  }
  return {
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      process.off('SIGHUP', onHup);
      watcher?.close();
    },
  };
}
