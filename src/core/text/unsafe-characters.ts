/**
 * The one list of characters feed text and user input may not carry into what readers see: they can reorder or
 * hide text (a headline disguising a link, a reversed word) or break chat clients. Every layer that cleans text
 * (extraction for matching, article titles, platform formatting, command replies) goes through these, so the
 * matcher never sees a character the reader cannot, and no two layers disagree on what is safe.
 */

// Bidi marks, embeddings, overrides and isolates; zero-width space/joiners, word joiner and invisible operators;
// BOM; soft hyphen; Mongolian vowel separator; Hangul fillers that render as nothing.
// eslint-disable-next-line no-misleading-character-class
const INVISIBLE = /[\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF\u00AD\u180E\u3164\uFFA0]/gu;
// C0 and C1 controls except tab, line feed and carriage return (whitespace the callers decide about).
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/gu;

/** Removes invisible and control characters (tab, LF and CR survive); `replacement` stands in for each. */
export function removeUnsafeCharacters(text: string, replacement = ''): string {
  return text.replace(INVISIBLE, replacement).replace(CONTROLS, replacement);
}

/** True when `ch` (one code point) is one that removeUnsafeCharacters removes. */
export function isUnsafeCharacter(ch: string): boolean {
  return removeUnsafeCharacters(ch) !== ch;
}
