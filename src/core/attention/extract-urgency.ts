import { readUrgencyValue, type Urgency } from './urgency.js';

/** Where a feed's urgency is read: the headline prefix, one named element (lowercase), or the default mix. */
export interface UrgencyRule {
  from: 'title-prefix' | string;
}

export interface UrgencySource {
  /** Clean headline text. */
  title: string;
  /** Raw priority-bearing fields by lowercase element name (see Article.wire). */
  wire?: Readonly<Record<string, string>>;
}

/** Elements read when a feed has no `urgency.from`: ninjs/NewsML `urgency`, then RSS-ish `priority` forms. */
export const DEFAULT_URGENCY_ELEMENTS = ['urgency', 'category:urgency', 'apcm:priority', 'priority', 'category:priority'];

// Headline flags, longest first so "BREAKING NEWS" wins over "BREAKING". Non-Latin flags carry no case.
const PREFIXES: Array<[string, Urgency]> = [
  ['BREAKING NEWS', 'urgent'], ['DERNIÈRE MINUTE', 'urgent'], ['ÚLTIMA HORA', 'urgent'], ['SON DAKİKA', 'urgent'],
  ['EILMELDUNG', 'bulletin'], ['BULLETIN', 'bulletin'], ['BREAKING', 'urgent'], ['URGENTE', 'urgent'],
  ['ALERTE', 'bulletin'], ['ALERTA', 'bulletin'], ['URGENT', 'urgent'], ['FLASH', 'flash'], ['BLITZ', 'flash'],
  ['СРОЧНО', 'urgent'], ['PILNE', 'urgent'], ['عاجل', 'urgent'], ['速報', 'urgent'], ['突发', 'urgent'], ['快讯', 'urgent'],
];
// What may surround a flag: "FLASH:", "URGENT -", "+++ Eilmeldung +++", "*BREAKING*", "[URGENT]", "ALERTE-".
const OPENERS = /^[\s*+[(【|]*/u;
const SEPARATOR = /^\s*(?:[:：\-–—|+*\])】]|\/)/u;

/** The urgency a headline flags by its first word(s), or null for an unflagged headline. */
export function readTitlePrefix(title: string): Urgency | null {
  const opened = title.replace(OPENERS, '');
  const hadOpener = /[+*[(【|]/u.test(title.slice(0, title.length - opened.length));
  for (const [flag, level] of PREFIXES) {
    const head = opened.slice(0, flag.length);
    if (head.toLocaleUpperCase() !== flag) continue;
    const rest = opened.slice(flag.length);
    if (/^[\p{L}\p{N}]/u.test(rest)) continue; // "Flashpoint", "Urgently"
    if (rest.trim() === '' || SEPARATOR.test(rest) || hadOpener) return level;
    // Without punctuation only a flag that stands out counts: "URGENT Kabul falls" is flagged; "Urgent care
    // clinics" and the all-caps "URGENT CARE CLINICS CLOSE" are not. Caseless scripts have no shouting.
    if (isCaseless(flag) || (head === flag && /\p{Ll}/u.test(rest))) return level;
  }
  return null;
}

function isCaseless(flag: string): boolean {
  return flag.toLocaleLowerCase() === flag.toLocaleUpperCase();
}

/**
 * An article's urgency: per the feed's rule when it has one, else the first known wire element that reads
 * as a level, else the headline prefix, else `routine`.
 */
export function extractUrgency(source: UrgencySource, rule?: UrgencyRule): Urgency {
  const wire = source.wire ?? {};
  if (rule?.from === 'title-prefix') return readTitlePrefix(source.title) ?? 'routine';
  if (rule) {
    const value = wire[rule.from.toLowerCase()];
    return (value !== undefined ? readUrgencyValue(value) : null) ?? 'routine';
  }
  for (const name of DEFAULT_URGENCY_ELEMENTS) {
    const value = wire[name];
    const level = value === undefined ? null : readUrgencyValue(value);
    if (level) return level;
  }
  return readTitlePrefix(source.title) ?? 'routine';
}
