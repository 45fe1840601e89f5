/**
 * A config written as JSON (which is YAML: generated configs often are) read without the `yaml` package, whose
 * reading of a large file is most of a start-up (10,000 subscriptions ≈ 0.3 s, 100,000 ≈ 2.5 s and hundreds of
 * MiB; JSON reads in milliseconds). It builds exactly the value `parseDocument(text, DOCUMENT_OPTIONS).toJS()`
 * builds (integers as BigInt, floats as numbers), or gives `undefined` for anything where the two could differ or
 * YAML would report a problem: a duplicate key, a `<<` merge key, a `__proto__` key, a root that is not a mapping,
 * nesting deeper than 64 levels, or text that is not strict JSON (comments, YAML syntax). Then the YAML path reads
 * it, with its messages and lines.
 */

class NotJson extends Error {}

// A CR only as part of CRLF: `yaml` reads a lone CR as no line break, so a file with one is left to it.
const WS = new Set([0x20, 0x09, 0x0a]);
const NUMBER = /-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?/y;
/** A config is a few levels deep; deeper text is left to the YAML path and its messages (and its limits). */
const MAX_DEPTH = 64;

export function readJsonConfig(text: string): { value: unknown } | undefined {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let depth = 0;

  const skip = (): void => {
    for (; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (!WS.has(c) && !(c === 0x0d && text.charCodeAt(i + 1) === 0x0a)) break;
    }
  };
  const fail = (): never => {
    throw new NotJson();
  };

  const readString = (): string => {
    const start = i++;
    let escaped = false;
    for (; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x22) break;
      if (c < 0x20) fail();
      if (c === 0x5c) {
        escaped = true;
        i++;
      }
    }
    if (i >= text.length) fail();
    i++;
    // Only escapes need JSON's own reading (YAML's double-quoted escapes include every one of JSON's).
    return escaped ? (JSON.parse(text.slice(start, i)) as string) : text.slice(start + 1, i - 1);
  };

  const readValue = (): unknown => {
    skip();
    const c = text.charCodeAt(i);
    if (c === 0x7b) return readObject();
    if (c === 0x5b) return readArray();
    if (c === 0x22) return readString();
    if (text.startsWith('true', i)) return (i += 4), true;
    if (text.startsWith('false', i)) return (i += 5), false;
    if (text.startsWith('null', i)) return (i += 4), null;
    NUMBER.lastIndex = i;
    const m = NUMBER.exec(text);
    if (!m) return fail();
    i += m[0].length;
    return m[1] === undefined && m[2] === undefined ? BigInt(m[0]) : Number(m[0]);
  };

  const readArray = (): unknown[] => {
    if (++depth > MAX_DEPTH) fail();
    i++;
    const out: unknown[] = [];
    skip();
    if (text.charCodeAt(i) === 0x5d) return i++, depth--, out;
    for (;;) {
      out.push(readValue());
      skip();
      const c = text.charCodeAt(i++);
      if (c === 0x5d) return depth--, out;
      if (c !== 0x2c) fail();
    }
  };

  const readObject = (): Record<string, unknown> => {
    if (++depth > MAX_DEPTH) fail();
    i++;
    const out: Record<string, unknown> = {};
    const keys = new Set<string>();
    skip();
    if (text.charCodeAt(i) === 0x7d) return i++, depth--, out;
    for (;;) {
      skip();
      if (text.charCodeAt(i) !== 0x22) fail();
      const key = readString();
      if (keys.has(key) || key === '<<' || key === '__proto__') fail();
      keys.add(key);
      skip();
      if (text.charCodeAt(i++) !== 0x3a) fail();
      out[key] = readValue();
      skip();
      const c = text.charCodeAt(i++);
      if (c === 0x7d) return depth--, out;
      if (c !== 0x2c) fail();
    }
  };

  try {
    skip();
    if (text.charCodeAt(i) !== 0x7b) return undefined;
    const value = readObject();
    skip();
    return i === text.length ? { value } : undefined;
  } catch (error) {
    if (error instanceof NotJson || error instanceof SyntaxError) return undefined;
    throw error;
  }
}
