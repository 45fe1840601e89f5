/** Reusable zod pieces for the config schema: durations, sizes, cron expressions, ids, URLs. */
import { isIP } from 'node:net';
import { validateDetailed } from 'node-cron';
import { z } from 'zod';
import { parseStoreUrl, StoreUrlError } from './store-url.js';
import { DURATION_PATTERN, SIZE_PATTERN, parseDuration, parseSize } from './units.js';

/** Config ids: no colon, so they never collide with command-created ids (`discord:<guild>:<channel>`). */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
export const ID_MESSAGE = 'ids are 1-64 letters, digits, ".", "_" or "-", starting with a letter or digit';

export function idSchema(description: string) {
  return z.string({ error: 'expected a string id' }).regex(ID_PATTERN, ID_MESSAGE).describe(description);
}

/** Milliseconds from "500ms" | "10s" | "5m" | "6h" | "30d" | "2w" or a plain number of milliseconds. */
const DURATION_MESSAGE = 'expected a duration like 500ms, 10s, 5m, 6h, 30d or a number of milliseconds';
const SIZE_MESSAGE = 'expected a size like 512KiB, 10MiB, 1GB or a number of bytes';

export function durationSchema() {
  return z
    .union([z.number().nonnegative(), z.string().regex(new RegExp(DURATION_PATTERN), DURATION_MESSAGE)], { error: DURATION_MESSAGE })
    .transform((value) => parseDuration(value) ?? 0);
}

/** Bytes from "10MiB" | "512KB" | "2048B" or a plain number of bytes. */
export function sizeSchema() {
  return z
    .union([z.number().int().nonnegative(), z.string().regex(new RegExp(SIZE_PATTERN), SIZE_MESSAGE)], { error: SIZE_MESSAGE })
    .transform((value) => parseSize(value) ?? 0);
}

/** A positive integer; digit strings are accepted too, so `${PORT}`-style substitutions work. */
export function intSchema(min: number, max: number) {
  const message = `expected an integer from ${min} to ${max}`;
  return z
    .union([z.number({ error: message }).int(message).min(min, message).max(max, message), z.string().regex(/^\s*\d+\s*$/, message)], {
      error: message,
    })
    .transform((value) => Number(value))
    .refine((value) => value >= min && value <= max, { error: message });
}

export function cronSchema(description: string) {
  return z
    .string({ error: 'expected a cron expression in quotes, e.g. "*/2 * * * *"' })
    .superRefine((expression, ctx) => {
      const result = validateDetailed(expression);
      if (!result.valid) {
        const reason = result.errors.map((e) => e.message).join('; ') || 'invalid expression';
        ctx.addIssue({ code: 'custom', message: `invalid cron expression "${expression}": ${reason}` });
      }
    })
    .describe(description);
}

export function feedUrlSchema() {
  return z
    .string({ error: 'expected an http(s) URL' })
    .superRefine((text, ctx) => {
      let url: URL;
      try {
        url = new URL(text);
      } catch {
        ctx.addIssue({ code: 'custom', message: 'Invalid URL' });
        return;
      }
      if (url.protocol !== 'http:' && url.protocol !== 'https:') {
        ctx.addIssue({ code: 'custom', message: `only http and https URLs are allowed (got ${url.protocol})` });
      }
    })
    .describe('Feed address; http and https only.');
}

export function storeSchema() {
  return z
    .string({ error: 'expected memory://, sqlite://PATH or redis://HOST:PORT[/DB]' })
    .superRefine((text, ctx) => {
      try {
        parseStoreUrl(text);
      } catch (error) {
        if (!(error instanceof StoreUrlError)) throw error;
        ctx.addIssue({ code: 'custom', message: error.detail });
      }
    });
}

/** `fetch.allowHosts` entries: a CIDR ("10.1.2.0/24"), an IP or an exact host name (the fetcher has no wildcards). */
export function hostPatternSchema() {
  return z.string().superRefine((text, ctx) => {
    if (!isHostPattern(text)) {
      ctx.addIssue({ code: 'custom', message: `"${text}" is not a CIDR, IP address or host name` });
    }
  });
}

function isHostPattern(text: string): boolean {
  const slash = text.indexOf('/');
  if (slash >= 0) {
    const ip = text.slice(0, slash);
    const bits = text.slice(slash + 1);
    const family = isIP(ip);
    if (family === 0 || !/^\d{1,3}$/.test(bits)) return false;
    return Number(bits) <= (family === 4 ? 32 : 128);
  }
  if (isIP(text) !== 0) return true;
  return /^[A-Za-z0-9]([A-Za-z0-9-]{0,62})(\.[A-Za-z0-9]([A-Za-z0-9-]{0,62}))*\.?$/.test(text);
}

/** Embed colour: 0xRRGGBB as a number, or "#rrggbb". */
export function colorSchema() {
  return z
    .union([z.number().int().min(0).max(0xffffff), z.string().regex(/^#[0-9a-fA-F]{6}$/)], {
      error: 'expected a colour like "#c0392b" or a number up to 16777215',
    })
    .transform((value) => (typeof value === 'number' ? value : Number.parseInt(value.slice(1), 16)));
}
