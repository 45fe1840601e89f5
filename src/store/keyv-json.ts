/**
 * Keyv's value format, written and read faster. @keyv/serialize (Keyv's default) walks every value in JavaScript
 * to write it and parses with a reviver that is called for every value read: ≈ 9% of the main thread in a steady
 * 1,000-feed poll cycle (feed item indexes, feed state, stored articles). Its format differs from plain JSON in
 * one way only: a string starting with ':' is written with one more ':' in front, and a Buffer as
 * ':base64:<data>'. So when no string in a value starts with ':' the format is plain JSON, and
 * JSON.stringify / JSON.parse (native, no callback) give the same text and the same value; any other value takes
 * @keyv/serialize's own functions. Stores written before this, and instances still on the default, read and
 * write the same text.
 */
import { defaultDeserialize, defaultSerialize } from '@keyv/serialize';

/**
 * Where a JSON text may hold a string value starting with ':': an opening quote after the start, ':', ',' or '['
 * (whitespace allowed), then ':'. ('{' is left out: a key follows it, and keys are never escaped.) It also matches
 * a key starting with ':' after ',' and a key ending with ':' after a ':', which only costs the slow path: never
 * a miss, since in JSON a value can open nowhere else and a quote inside a string is escaped.
 */
const COLON_STRING = /(?:^|[:,[])\s*":/;
/** A Buffer's toJSON output; @keyv/serialize writes Buffers as ':base64:…' instead. */
const BUFFER_JSON = '{"type":"Buffer","data":[';

export function serializeKeyvValue(data: unknown): string {
  if (data === undefined || data === null) return 'null';
  const text = JSON.stringify(data) as string | undefined;
  if (text === undefined || COLON_STRING.test(text) || text.includes(BUFFER_JSON)) return defaultSerialize(data);
  return text;
}

export function deserializeKeyvValue<T>(text: string): T {
  return (COLON_STRING.test(text) ? defaultDeserialize(text) : JSON.parse(text)) as T;
}

/** The options each backend gives its Keyv. */
export const KEYV_JSON = { serialize: serializeKeyvValue, deserialize: deserializeKeyvValue } as const;
