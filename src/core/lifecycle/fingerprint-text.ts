/**
 * Text and link fingerprints for telling versions of a story apart. Two texts that differ only in case,
 * accents, whitespace, punctuation or tracking parameters have the same fingerprint: those are not changes a
 * desk wants to hear about.
 */
import { foldAccents, foldCase } from '../text/fold.js';

// Query parameters that identify the reader or the campaign, never the story.
const TRACKING_PARAM = /^(?:utm_.*|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|ocid|cmpid|smid|smtyp|at_.*|_ga|_gl|igshid|ref|ref_src|taid)$/i;
const URL_IN_TEXT = /https?:\/\/[^\s<>"')\]]+/g;
// Anything that is not a letter, digit or combining mark separates words; punctuation alone is no change.
const NON_WORD = /[^\p{L}\p{N}\p{M}]+/gu;
// "U.S." and "U.N." are one word, spelt "US"/"UN" by other desks.
const DOTTED_INITIALS = /\b(?:\p{L}\.){2,}/gu;

/** 32-bit FNV-1a of a string: short, stable across processes and JSON-safe, which is all the store needs. */
export function hashText(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * A link as a story identity: scheme and host lower-cased, default port, fragment, trailing slash and
 * tracking parameters dropped, the remaining parameters sorted. Null when it does not parse.
 */
export function normaliseLink(link: string | null): string | null {
  if (!link) return null;
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return null;
  }
  url.hash = '';
  const kept = [...url.searchParams.entries()].filter(([name]) => !TRACKING_PARAM.test(name));
  kept.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  url.search = '';
  for (const [name, value] of kept) url.searchParams.append(name, value);
  const path = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, '') : '';
  // http and https copies of one page are one story.
  return `${url.host.toLowerCase()}${path}${url.search}`;
}

/** Clean text → the words that carry meaning, folded: the comparison form behind every text fingerprint. */
export function normaliseForCompare(text: string): string {
  const withoutLinks = text.replace(URL_IN_TEXT, (u) => normaliseLink(u.replace(/[.,;:]+$/, '')) ?? u);
  const undotted = withoutLinks.replace(DOTTED_INITIALS, (m) => m.replace(/\./g, ''));
  return foldAccents(foldCase(undotted)).replace(NON_WORD, ' ').trim();
}

/** Fingerprint of clean text: equal for texts with no material difference. */
export function fingerprintText(text: string): number {
  return hashText(normaliseForCompare(text));
}
