/** Maps a key path (`feeds[2].url`) to its line in the YAML source, for error messages. */
import { isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';
import type { ConfigPath } from './substitute-env.js';

/** `feeds[2].url`, `feeds[0].headers["X-Api.Key"]`; the root is `(root)`. */
export function formatPath(path: ConfigPath): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out === '' ? '(root)' : out;
}

/**
 * The 1-based line of the deepest node of `path` present in the document: the key's line for a mapping entry,
 * the item's first line for a list entry. A missing key reports its parent's line.
 */
export function findLine(doc: Document, lineCounter: LineCounter, path: ConfigPath): number | null {
  let node: unknown = doc.contents;
  let offset: number | null = rangeStart(node);
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(segment));
      if (!pair) break;
      offset = rangeStart(pair.key) ?? rangeStart(pair.value) ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment];
      if (item === undefined) break;
      offset = rangeStart(item) ?? offset;
      node = item;
    } else {
      break;
    }
  }
  return offset === null ? null : lineCounter.linePos(offset).line;
}

/** The key path of the deepest node whose source range holds `offset` (for YAML syntax errors). */
export function pathAtOffset(doc: Document, offset: number): ConfigPath {
  const path: ConfigPath = [];
  let node: unknown = doc.contents;
  for (;;) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && covers(item.key, item.value, offset));
      if (!pair || !isScalar(pair.key)) return path;
      path.push(String(pair.key.value));
      node = pair.value;
    } else if (isSeq(node)) {
      const index = node.items.findIndex((item) => covers(item, item, offset));
      if (index < 0) return path;
      path.push(index);
      node = node.items[index];
    } else {
      return path;
    }
  }
}

function covers(from: unknown, to: unknown, offset: number): boolean {
  const start = rangeStart(from);
  const end = rangeEnd(to) ?? rangeEnd(from);
  return start !== null && end !== null && offset >= start && offset <= end;
}

function rangeStart(node: unknown): number | null {
  const range = (node as Node | null | undefined)?.range;
  return Array.isArray(range) ? range[0] : null;
}

function rangeEnd(node: unknown): number | null {
  const range = (node as Node | null | undefined)?.range;
  return Array.isArray(range) ? range[2] : null;
}
