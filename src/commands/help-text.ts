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

const COMMAND_LINES: Record<'discord' | 'slack', string> = {
  discord: 'Commands: `/alerts subscribe query:<query> [feed:<id>]`, `/alerts unsubscribe id:<id>`, `/alerts list`, `/alerts preview query:<query>`, `/alerts help`.',
  slack: 'Commands: `/alerts subscribe <query> [feed:<id>]`, `/alerts unsubscribe <id>`, `/alerts list`, `/alerts preview <query>`, `/alerts help`.',
};

export const HELP_TEXT = [HELP_TITLE, ...HELP_LINES].join('\n');

export function buildHelpReply(platform: 'discord' | 'slack'): CommandReply {
  return { ok: true, title: HELP_TITLE, lines: [...HELP_LINES, COMMAND_LINES[platform]] };
}
