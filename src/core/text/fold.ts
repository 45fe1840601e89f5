/**
 * Folding used for matching. Every function here is length-preserving (one UTF-16 unit in, one out), so a
 * position in a folded string is the same position in the clean text: highlighting needs no offset maps.
 */

/** 1 for [A-Za-z0-9_], by char code; exported for hot loops that test ASCII inline. */
export const ASCII_WORD = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  ASCII_WORD[c] = /[A-Za-z0-9_]/.test(ch) ? 1 : 0;
}

/** 0 = not computed yet, 1 = word character, 2 = not. BMP only; astral code points are rare enough to test each time. */
const BMP_WORD = new Uint8Array(65536);
BMP_WORD.set(ASCII_WORD.map((w) => (w ? 1 : 2)));
// Combining marks count as word characters: a mark belongs to the letter before it ("a" + U+0331 is one letter).
const WORD_RE = /^[\p{L}\p{N}\p{M}_]$/u;

/** Letter, digit, combining mark or underscore. */
export function isWordCodePoint(cp: number): boolean {
  if (cp < 65536) {
    let w = BMP_WORD[cp]!;
    if (w === 0) {
      w = WORD_RE.test(String.fromCharCode(cp)) ? 1 : 2;
      BMP_WORD[cp] = w;
    }
    return w === 1;
  }
  return WORD_RE.test(String.fromCodePoint(cp));
}

/** Is the character starting at UTF-16 index i a word character? False outside the string. */
export function isWordAt(s: string, i: number): boolean {
  if (i < 0 || i >= s.length) return false;
  const c = s.charCodeAt(i);
  if (c < 128) return ASCII_WORD[c] === 1;
  return isWordCodePoint(s.codePointAt(i)!);
}

/** Is the character ending just before UTF-16 index i a word character? False at the start. */
export function isWordBefore(s: string, i: number): boolean {
  if (i <= 0) return false;
  const c = s.charCodeAt(i - 1);
  if (c < 128) return ASCII_WORD[c] === 1;
  if (c >= 0xdc00 && c <= 0xdfff && i >= 2) {
    const h = s.charCodeAt(i - 2);
    if (h >= 0xd800 && h <= 0xdbff) return isWordCodePoint(((h - 0xd800) << 10) + (c - 0xdc00) + 0x10000);
  }
  return isWordCodePoint(c);
}

const NON_ASCII = /[^\x00-\x7f]/;

// One unit to one unit: final sigma is sigma, the typographic apostrophe and quotes are the ASCII ones.
const CASE_SPECIAL: Record<string, string> = { 'ς': 'σ', '’': "'", '‘': "'", 'ʼ': "'", '“': '"', '”': '"' };
const CASE_SPECIAL_RE = /[ς’‘ʼ“”]/g;

/** Lower-cases (Unicode, so Cyrillic and Greek too) without changing the length. */
export function foldCase(s: string): string {
  let l = s.toLowerCase();
  // Only a few characters lower-case to two units (İ → i + dot); keep those length-preserving.
  if (l.length !== s.length) l = lowerPerCodePoint(s);
  if (!NON_ASCII.test(l)) return l;
  return l.replace(CASE_SPECIAL_RE, (c) => CASE_SPECIAL[c]!);
}

function lowerPerCodePoint(s: string): string {
  let out = '';
  for (const ch of s) {
    const lc = ch === 'İ' ? 'i' : ch.toLowerCase();
    out += lc.length === ch.length ? lc : ch;
  }
  return out;
}

// Letters NFD does not decompose but readers treat as accented forms of a base letter.
const EXTRA_BASE: Record<string, string> = { 'ł': 'l', 'ø': 'o', 'đ': 'd', 'ħ': 'h', 'ŧ': 't', 'ı': 'i', 'ŀ': 'l' };
const accentCache = new Map<string, string>();
const MARKS_ONLY = /^\p{M}+$/u;

function foldAccentUnit(c: string): string {
  let out = accentCache.get(c);
  if (out !== undefined) return out;
  out = EXTRA_BASE[c] ?? c;
  const code = c.charCodeAt(0);
  if (out === c && (code < 0xd800 || code > 0xdfff)) {
    const d = c.normalize('NFD');
    if (d.length > 1 && d.charCodeAt(0) < 0xd800 && MARKS_ONLY.test(d.slice(1))) out = d[0]!;
  }
  accentCache.set(c, out);
  return out;
}

/** Removes accents from precomposed letters (ā → a, ł → l), one unit for one unit. Expects foldCase output. */
export function foldAccents(s: string): string {
  if (!NON_ASCII.test(s)) return s;
  return s.replace(/[^\x00-\x7f]/g, foldAccentUnit);
}

/** True when accent folding changes the (case-folded) string: such a term matches only itself. */
export function hasAccents(folded: string): boolean {
  return foldAccents(folded) !== folded;
}
