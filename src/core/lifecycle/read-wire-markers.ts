/**
 * Write-through, correction and kill markers as agencies put them in headlines and slugs:
 * Reuters-style prefixes ("UPDATE 2-", "CORRECTED-", "REFILE-", "WRAPUP 1-"), AP-style ("Correction:",
 * "BC-AS--Afghanistan-Bagram,1st Ld-Writethru"), Yonhap/AFP-style brackets ("(LEAD)", "(2nd LEAD)") and kills
 * ("KILL", "MANDATORY KILL", "STORY WITHDRAWN"). The markers are read and stripped, so the headline compares
 * as the story's own words.
 *
 * REFILE on its own is a resend (a fixed tag, typo or paragraph break) and counts as an update when the text
 * changed and as nothing when it did not; "REFILE … to correct" / "(Refiles to correct …)" is a correction.
 */

export type MarkerKind = 'update' | 'refile' | 'correction' | 'kill' | 'flag';

export interface MarkerFlags {
  update: boolean;
  refile: boolean;
  correction: boolean;
  kill: boolean;
}

export interface HeadlineMarkers extends MarkerFlags {
  /** The headline without its markers and flags. */
  headline: string;
  /** Lower-cased wire slug without its version part, or null. */
  slug: string | null;
}

// Longest first, so "STORY WITHDRAWN" wins over "WITHDRAWN" and "BREAKING NEWS" over "BREAKING".
const WORDS: Array<[string, MarkerKind]> = [
  ['MANDATORY KILL', 'kill'], ['STORY WITHDRAWN', 'kill'], ['WITHDRAWN', 'kill'], ['KILL', 'kill'],
  ['CORRECTED', 'correction'], ['CORRECTS', 'correction'], ['CORRECTION', 'correction'], ['CORRECTING', 'correction'],
  ['LD-WRITETHRU', 'update'], ['WRITETHRU', 'update'], ['WRITETHROUGH', 'update'], ['UPDATED', 'update'],
  ['UPDATE', 'update'], ['WRAPUP', 'update'], ['WRAP', 'update'], ['LEAD', 'update'], ['LD', 'update'],
  ['REFILE', 'refile'], ['RPT', 'refile'], ['REPEAT', 'refile'], ['RESEND', 'refile'],
  ['BREAKING NEWS', 'flag'], ['BREAKING', 'flag'], ['URGENT', 'flag'], ['FLASH', 'flag'], ['BULLETIN', 'flag'],
  ['EXCLUSIVE', 'flag'], ['ALERT', 'flag'],
];
const WORD_ALTERNATION = WORDS.map(([w]) => w.replace(/ /g, '\\s+').replace(/-/g, '[- ]')).join('|');
// "2ND LEAD", "1st Ld-Writethru", "UPDATE 2", "CORRECTED (OFFICIAL)", optionally bracketed.
const PREFIX = new RegExp(
  `^\\s*([[(]?)\\s*(?:\\d+(?:st|nd|rd|th)?\\s+)?(${WORD_ALTERNATION})(?![\\p{L}\\p{N}])(?:\\s*\\d+)?(?:\\s*\\([\\p{Lu}\\s]{1,30}\\))?\\s*([\\])]?)(\\s*[-–—:|/]+\\s*|\\s+|$)`,
  'iu',
);
const SUFFIX = new RegExp(
  `\\s*[[(](?:\\d+(?:st|nd|rd|th)\\s+)?(${WORD_ALTERNATION})(?:\\s*\\d+)?[\\])]\\s*$`,
  'iu',
);
// A Reuters-style topic slug at the head of a headline: "AFGHANISTAN-CONFLICT/BAGRAM ". Only slugs with a "/"
// are taken, so "COVID-19" or "US-CHINA" stay part of the headline.
const HEADLINE_SLUG = /^\s*([\p{Lu}\p{N}]+(?:-[\p{Lu}\p{N}]+)*\/[\p{Lu}\p{N}/-]*)\s*[:|-]?\s+/u;
const SLUG_FIELDS = ['slugline', 'slug', 'apcm:slugline', 'ninjs:slugline'];
// "REFILE-Taliban take border post (corrects name of crossing)": the note says it is a correction.
const CORRECTION_NOTE = /\s*\(([^()]*\b(?:to\s+correct|corrects?|correcting)\b[^()]*)\)\s*$/i;

function readMarkerKind(word: string): MarkerKind {
  const wanted = word.toUpperCase().replace(/\s+/g, ' ').replace(/^LD WRITETHRU$/, 'LD-WRITETHRU');
  return WORDS.find(([w]) => w === wanted)?.[1] ?? 'flag';
}

function createFlags(): MarkerFlags {
  return { update: false, refile: false, correction: false, kill: false };
}

function setFlag(flags: MarkerFlags, kind: MarkerKind): void {
  if (kind !== 'flag') flags[kind] = true;
}

/**
 * Takes one marker off the start of a headline, or returns null. An all-caps marker needs only a space after
 * it ("UPDATE 1 Taliban …"); any other case needs punctuation or brackets, so "Lead poisoning cases rise" and
 * "Kill switch" are headlines, not markers. A kill marker is only ever taken in capitals.
 */
function takePrefix(headline: string): { kind: MarkerKind; rest: string } | null {
  const m = PREFIX.exec(headline);
  if (!m) return null;
  const [whole, open = '', word = '', close = '', separator = ''] = m;
  if ((open === '') !== (close === '')) return null;
  const rest = headline.slice(whole.length);
  const standsOut = open !== '' || /[-–—:|/]/.test(separator) || rest === '';
  if (!standsOut && (word !== word.toUpperCase() || !/^[\p{Lu}\p{N}"'‘“]/u.test(rest))) return null;
  const kind = readMarkerKind(word);
  // Wires shout their kills; "Withdrawn: last US troops leave Bagram" is a headline, and reading it as a kill
  // would drop the story or strike the channel's alert.
  if (kind === 'kill' && word !== word.toUpperCase()) return null;
  return { kind, rest };
}

/** Markers of a version part of a slug (", 1st Ld-Writethru", ",LEAD", ", CORRECTS"). */
function readSlugVersion(version: string, flags: MarkerFlags): void {
  const re = new RegExp(`(?:^|[^\\p{L}])(${WORD_ALTERNATION})(?![\\p{L}])`, 'giu');
  for (const m of version.matchAll(re)) setFlag(flags, readMarkerKind(m[1]!));
}

/** The explicit slug (input or wire field) split into its topic and version parts. */
function readSlugField(slug: string | undefined, wire: Readonly<Record<string, string>> | undefined, flags: MarkerFlags): string | null {
  const raw = slug ?? SLUG_FIELDS.map((f) => wire?.[f]).find((v) => v?.trim());
  if (!raw?.trim()) return null;
  const comma = raw.indexOf(',');
  if (comma >= 0) readSlugVersion(raw.slice(comma + 1), flags);
  return normaliseSlug(comma >= 0 ? raw.slice(0, comma) : raw);
}

function normaliseSlug(slug: string): string | null {
  const s = slug.trim().toLowerCase().replace(/\s+/g, '-').replace(/\/+$/, '');
  return s.length >= 3 ? s : null;
}

/**
 * A clean headline's markers, its slug (explicit, else a wire field, else a headline slug) and the headline
 * without either. `pubStatus` is ninjs `pubstatus`; `canceled` and `withheld` are kills.
 */
export function readHeadlineMarkers(
  title: string,
  opts: { slug?: string; wire?: Readonly<Record<string, string>>; pubStatus?: string } = {},
): HeadlineMarkers {
  const flags = createFlags();
  let slug = readSlugField(opts.slug, opts.wire, flags);
  let rest = title;
  for (let guard = 0; guard < 8; guard++) {
    const slugMatch = HEADLINE_SLUG.exec(rest);
    if (slugMatch) {
      slug ??= normaliseSlug(slugMatch[1]!);
      rest = rest.slice(slugMatch[0].length);
      continue;
    }
    const taken = takePrefix(rest);
    if (!taken) break;
    setFlag(flags, taken.kind);
    rest = taken.rest;
  }
  for (let guard = 0; guard < 4; guard++) {
    const m = SUFFIX.exec(rest);
    if (!m) break;
    setFlag(flags, readMarkerKind(m[1]!));
    rest = rest.slice(0, m.index);
  }
  const note = CORRECTION_NOTE.exec(rest);
  if (note) {
    flags.correction = true;
    rest = rest.slice(0, note.index);
  }
  const status = (opts.pubStatus ?? opts.wire?.['pubstatus'] ?? '').trim().toLowerCase();
  if (status === 'canceled' || status === 'cancelled' || status === 'withheld') flags.kill = true;
  return { ...flags, headline: rest.trim(), slug };
}
