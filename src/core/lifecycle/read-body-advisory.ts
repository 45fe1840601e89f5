/**
 * What the wire says about a version at the top of its body: Reuters/AFP-style notes in brackets
 * ("(Adds quotes from ministry in paragraph 4)", "(Corrects spelling of governor's name)"), AP-style editor
 * lines ("Eds: UPDATES with Taliban statement."), and kill notices ("STORY WITHDRAWN", "Please kill this story").
 * The note is the best "what changed" text there is, and it is not part of the story, so it is taken off.
 */
import type { MarkerFlags } from './read-wire-markers.js';

export interface BodyAdvisory extends MarkerFlags {
  /** The note's text ("adds quotes from ministry in paragraph 4"), first letter lower-cased; null when none. */
  advisory: string | null;
  /** The body without the note. */
  body: string;
}

const VERBS =
  'adds?|adding|updates?|updating|recasts?|rewrites?|writes\\s+through|tops|corrects?|correcting|fixes|changes|' +
  'refiles?|repeats|removes|deletes|inserts|clarifies|restores|withdraws|kills|overhauls|new\\s+throughout';
const BRACKET_NOTE = new RegExp(`^\\s*[([]\\s*((?:${VERBS})\\b[^()[\\]]{0,240})[)\\]]\\s*`, 'i');
// "Eds: UPDATES with …." up to the first full stop; "EDITOR'S NOTE:" and "Correction:" the same way.
const EDITOR_LINE = /^\s*(?:eds?|editors?|editor['’]?s\s+note|note\s+to\s+editors|(correction))\s*[:.]\s*(.{3,240}?)(?:\.(?=\s|$)|$)\s*/i;
// Kill notices: shouted at the top as a notice of their own ("KILL KILL KILL.", "STORY WITHDRAWN -"), not as
// the first word of a sentence ("KILL orders were denied…"), or said in an editor's words about the story near
// the top. A quote ("'Please withdraw from Bagram,' a spokesman said") is not a notice: the words must name the
// story, item or report.
const KILL_HEAD =
  /^\s*[([]?\s*(?:MANDATORY\s+KILL|KILL|STORY\s+WITHDRAWN|WITHDRAWN|ELIMINATION)(?:\s*(?:[-–—:.!;,)\]]|$)|\s+(?:KILL|STORY|WITHDRAWN|ELIMINATION|PLEASE|EDITORS?|EDS|NOTE)\b)/u;
const STORY = '(?:this|the|that)\\s+(?:story|item|report|article|dispatch|advisory)';
const KILL_WORDS = new RegExp(
  `\\b(?:please\\s+(?:kill|withdraw|delete|eliminate|do\\s+not\\s+(?:use|publish))\\s+${STORY}|${STORY}\\s+(?:has\\s+been|was|is\\s+being)\\s+(?:withdrawn|killed|eliminated)|(?:has|have)\\s+withdrawn\\s+${STORY})`,
  'i',
);
const KILL_WINDOW = 400;
// A fixed typo or a dropped word is an update, not a correction: corrections put a fact right.
const CORRECTING = /\b(?:correct(?:s|ing|ion)?|to\s+correct)\b/i;
const WITHDRAWING = /^(?:withdraws|kills)\b/i;
const RESENDING = /^(?:refiles?|repeats)\b/i;

function lowerCaseFirst(s: string): string {
  return s ? s[0]!.toLowerCase() + s.slice(1) : s;
}

/** The note (if any) at the top of a clean body, the flags it sets, and the body without it. */
export function readBodyAdvisory(body: string): BodyAdvisory {
  const flags: MarkerFlags = { update: false, refile: false, correction: false, kill: false };
  if (KILL_HEAD.test(body) || KILL_WORDS.test(body.slice(0, KILL_WINDOW))) flags.kill = true;
  let note: string | null = null;
  let rest = body;
  const bracket = BRACKET_NOTE.exec(body);
  const editor = bracket ? null : EDITOR_LINE.exec(body);
  if (bracket) {
    note = bracket[1]!.trim();
    rest = body.slice(bracket[0].length);
  } else if (editor) {
    note = editor[2]!.trim();
    rest = body.slice(editor[0].length);
    if (editor[1]) flags.correction = true;
  }
  if (note !== null) {
    // AP shouts the verb ("UPDATES with …"): say it in the reply's case.
    note = lowerCaseFirst(note.replace(/^\p{Lu}+\b/u, (verb) => verb.toLowerCase())).replace(/\s+/g, ' ');
    if (CORRECTING.test(note)) flags.correction = true;
    else if (flags.correction) {
      // "Correction: …" said it already.
    } else if (WITHDRAWING.test(note)) flags.kill = true;
    else if (RESENDING.test(note)) flags.refile = true;
    else flags.update = true;
  }
  return { ...flags, advisory: note, body: rest.trim() };
}
