/**
 * The content hash a feed's item index keeps per item (the cheap "did this item change" test): 32-bit FNV-1a
 * of `title + "\u0000" + body` with every run of whitespace (JavaScript's `\s`) read as one space. Computed in
 * one pass: building the joined string and replacing its whitespace first was most of the cost, for every item
 * of every poll. Stored in indexes, so its value must never change.
 */
export function hashItemText(title: string, body: string): number {
  let h = 0x811c9dc5;
  let inSpace = false;
  const feed = (s: string): void => {
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (isSpace(c)) {
        if (inSpace) continue;
        inSpace = true;
        h = Math.imul(h ^ 32, 0x01000193);
      } else {
        inSpace = false;
        h = Math.imul(h ^ c, 0x01000193);
      }
    }
  };
  feed(title);
  inSpace = false;
  h = Math.imul(h ^ 0, 0x01000193);
  feed(body);
  const out = h >>> 0;
  // 0 means "not recorded" in an index.
  return out === 0 ? 1 : out;
}

/** The code units `\s` matches (ECMAScript WhiteSpace and LineTerminator). */
function isSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 0xa0) return false;
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f ||
    c === 0x205f || c === 0x3000 || c === 0xfeff;
}
