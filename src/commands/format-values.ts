/**
 * Replies are our own text, except the values users typed (queries, ids, feed names). Those go inside code
 * spans, made inert first: a backtick would end the span, and bidi/zero-width characters could disguise it.
 * Platforms still apply their own escaping rules (Slack: & < >) to everything they send.
 */
import { removeUnsafeCharacters } from '../core/text/unsafe-characters.js';

export function codeSpan(value: string, max = 300): string {
  let text = removeUnsafeCharacters(value, ' ').replace(/\s+/gu, ' ').trim().replace(/`/g, 'ˋ');
  if (text.length > max) text = `${text.slice(0, max - 1)}…`;
  return text ? `\`${text}\`` : '` `';
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}


export { RECENT_SCAN_LIMIT } from '../core/defaults.js';
