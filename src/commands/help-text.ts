/** The `/alerts help` reply: the query syntax with examples (kept in step with the core query language). */
import type { CommandReply } from '../core/ports.js';

export const HELP_TITLE = 'Alerts: query syntax';

export const HELP_LINES: readonly string[] = [
  '`Taliban` one word, whole-word and case-insensitive: matches "Taliban\'s", "TALIBAN", not "Talibanistan".',
  '`"Bagram air base"` a phrase: these words in this order.',
  '`Taliban Kabul` or `Taliban AND Kabul` both words.',
  '`Taliban OR Bagram` either word. Operators are uppercase; AND binds tighter than OR.',
  '`Taliban -Pakistan` or `Taliban NOT Pakistan` excludes stories mentioning Pakistan.',
  '`(Kabul OR Kandahar) airstrike` parentheses group.',
  '`Afghan*` a prefix (at least 3 letters): Afghan, Afghans, Afghanistan.',
  '`title:Taliban` only in the headline.',
  '`Kabul` also matches "Kābul"; a term typed with accents matches only itself.',
  'A new subscription alerts on stories first seen after it was created.',
];

export const HELP_TEXT = [HELP_TITLE, ...HELP_LINES].join('\n');

/** The syntax lines, then the platform's own commands line when it has one (its descriptor's `commandHelp`). */
export function buildHelpReply(commandLine: string | undefined): CommandReply {
  return { ok: true, title: HELP_TITLE, lines: [...HELP_LINES, ...(commandLine === undefined ? [] : [commandLine])] };
}
