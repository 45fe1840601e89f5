/**
 * Synthetic but wire-like corpus for bench/match: HTML articles of 2–5 KB (datelines, paragraphs, inline
 * tags, entities, quotes, names with accents) and subscription queries drawn from the same names, so that
 * hit rates resemble a newsroom's: most subscriptions miss most stories, popular names hit often.
 */

export type Random = () => number;

export { createRandom } from './seeded-random.js';

const COMMON = (
  'the of and to in a said on for that with was is by at from as it has have be are were an his her their ' +
  'they he she will would after over more than but not this which who also its had been up about into two ' +
  'government minister officials president forces police people city country week year years day days new ' +
  'security talks state military attack killed troops election vote party leader capital border north south ' +
  'east west region province district spokesman statement agency report reported according told reporters ' +
  'since during while before against under between including other first last three four five hundred ' +
  'thousand million percent economy market prices oil gas bank rate trade deal sanctions meeting summit ' +
  'foreign defence interior ministry court judge law rights protest protesters crowd capital streets fire ' +
  'health hospital virus vaccine school students workers strike union company shares investors growth ' +
  'inflation budget tax plan announced warned called urged denied confirmed expected could may might must ' +
  'some many most all any no only still now then when where how why what there here again already later ' +
  'monday tuesday wednesday thursday friday saturday sunday january february march april june july august ' +
  'september october november december morning night evening early late long short big small high low ' +
  'international national local public private social political economic military civil human support ' +
  'aid food water power energy climate storm flood earthquake rescue missing dead injured wounded'
).split(' ');

const SYLLABLES = 'ka ri to ma le nu sa vo de pi ra mo ku ze ta li bo na fe ga sh an ul ir ek ov im'.split(' ');
const ACCENTED: Record<string, string> = { a: 'á', e: 'é', o: 'ō', u: 'ü', i: 'í' };
const ORG_SUFFIX = ['Party', 'Front', 'Council', 'Bank', 'Group', 'Airlines', 'Institute', 'Authority'];
const PLACE_SUFFIX = ['air base', 'province', 'valley', 'port', 'river', 'airport', 'square', 'dam'];

export interface Vocabulary {
  names: string[];
  phrases: string[];
}

export function createVocabulary(r: Random, nameCount: number, phraseCount: number): Vocabulary {
  const names = new Set<string>();
  while (names.size < nameCount) {
    const n = 2 + Math.floor(r() * 3);
    let w = '';
    for (let i = 0; i < n; i++) w += SYLLABLES[Math.floor(r() * SYLLABLES.length)];
    if (r() < 0.08) w = w.replace(/[aeiou]/, (v) => ACCENTED[v] ?? v);
    names.add(w[0]!.toUpperCase() + w.slice(1));
  }
  const list = [...names];
  const phrases = new Set<string>();
  while (phrases.size < phraseCount) {
    const a = zipfPick(r, list);
    const x = r();
    phrases.add(
      x < 0.4 ? `${a} ${zipfPick(r, list)}` : x < 0.7 ? `${a} ${pick(r, ORG_SUFFIX)}` : `${a} ${pick(r, PLACE_SUFFIX)}`,
    );
  }
  return { names: list, phrases: [...phrases] };
}

export function pick<T>(r: Random, list: readonly T[]): T {
  return list[Math.floor(r() * list.length)]!;
}

/** Skewed towards the start of the list: the top names are in every other story, most are rare. */
export function zipfPick<T>(r: Random, list: readonly T[], skew = 2.2): T {
  return list[Math.min(list.length - 1, Math.floor(list.length * r() ** skew))]!;
}

function sentence(r: Random, v: Vocabulary): string {
  const n = 12 + Math.floor(r() * 20);
  const words: string[] = [];
  for (let i = 0; i < n; i++) {
    const x = r();
    if (x < 0.1) words.push(zipfPick(r, v.names));
    else if (x < 0.13) words.push(zipfPick(r, v.phrases));
    else if (x < 0.15) words.push(`${zipfPick(r, v.names)}’s`);
    else if (x < 0.16) words.push(`<b>${zipfPick(r, v.names)}</b>`);
    else if (x < 0.17) words.push(`<a href="https://example.org/${i}">${pick(r, COMMON)}</a>`);
    else if (x < 0.18) words.push('&amp;');
    else words.push(zipfPick(r, COMMON));
  }
  const s = words.join(' ');
  const quoted = r() < 0.15;
  const body = s[0]!.toUpperCase() + s.slice(1);
  return quoted ? `&quot;${body},&quot; ${pick(r, COMMON)} said.` : `${body}.`;
}

export interface RawArticle {
  title: string;
  body: string;
}

export function createArticle(r: Random, v: Vocabulary): RawArticle {
  const target = 2048 + Math.floor(r() * 3072);
  const title = `${zipfPick(r, v.names)} ${pick(r, COMMON)} ${pick(r, COMMON)} ${r() < 0.5 ? zipfPick(r, v.phrases) : zipfPick(r, v.names)}`;
  let body = `<p>${zipfPick(r, v.names).toUpperCase()}, ${pick(r, COMMON)} ${1 + Math.floor(r() * 28)} (AFP) - `;
  let paragraph = 0;
  while (body.length < target) {
    body += sentence(r, v);
    if (r() < 0.35) {
      body += paragraph % 4 === 3 ? '</p>\n<p>&nbsp;</p>\n<p>' : '</p>\n<p>';
      paragraph++;
    } else body += ' ';
  }
  return { title, body: `${body}</p>` };
}

/** What createQuery makes, for the bench report: keep in step with it. */
export const QUERY_MIX =
  '50% single names (half typed without their accents), 20% quoted phrases (two names, a name and an organisation ' +
  'or a place), 5% prefixes (`Name*`), 5% `title:` names, 7% two-term AND, 6% three-way OR, 4% exclusions ' +
  '(`A -B`), 3% `(A OR B) topic -title:C` with a common topic word (attack, election, sanctions, vaccine, troops); ' +
  'one name or phrase in ten is drawn with Zipf-like odds favouring the most-mentioned ones, the others ' +
  'uniformly from all 60,000 names / 15,000 phrases. Articles mention names with Zipf-like odds, so the popular ' +
  'names some desks follow are in many stories and most other names in few';

/** A query like a desk would type: mostly names, some phrases, some boolean mixes. */
export function createQuery(r: Random, v: Vocabulary): string {
  // Desks follow the long tail too: popular names for a tenth of the terms, any name for the rest.
  const anyPick = <T>(list: readonly T[]): T => (r() < 0.1 ? zipfPick(r, list, 2) : pick(r, list));
  const name = (): string => {
    const n = anyPick(v.names);
    // Staff often type names without accents; smart folding still catches the accented spelling.
    return r() < 0.5 ? n.normalize('NFD').replace(/\p{M}/gu, '') : n;
  };
  const phrase = (): string => `"${anyPick(v.phrases)}"`;
  const x = r();
  if (x < 0.5) return name();
  if (x < 0.7) return phrase();
  if (x < 0.75) {
    const n = name();
    return `${n.slice(0, Math.max(5, n.length - 2))}*`;
  }
  if (x < 0.8) return `title:${name()}`;
  if (x < 0.87) return `${name()} ${r() < 0.5 ? name() : phrase()}`;
  if (x < 0.93) return `${name()} OR ${phrase()} OR ${name()}`;
  if (x < 0.97) return `${name()} -${name()}`;
  return `(${name()} OR ${name()}) ${pick(r, ['attack', 'election', 'sanctions', 'vaccine', 'troops'])} -title:${name()}`;
}
