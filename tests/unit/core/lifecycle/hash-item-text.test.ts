import { expect, test } from 'vitest';
import { hashText } from '../../../../src/core/lifecycle/fingerprint-text.js';
import { hashItemText } from '../../../../src/core/lifecycle/hash-item-text.js';
import { createRandom } from '../../../../bench/lib/seeded-random.js';

/** The form indexes were written with: any other value would make every known item look changed after an upgrade. */
function reference(title: string, body: string): number {
  const h = hashText(`${title}\u0000${body}`.replace(/\s+/g, ' '));
  return h === 0 ? 1 : h;
}

const SPACES = ['\t', '\n', '\v', '\f', '\r', ' ', '\u00a0', '\u1680', '\u2000', '\u2005', '\u200a', '\u2028', '\u2029',
  '\u202f', '\u205f', '\u3000', '\ufeff'];
// Near misses: code units next to the whitespace ranges, and the zero-width space \s does not match.
const OTHERS = ['a', 'Z', '\u0000', '\u0008', '\u000e', '\u001f', '!', '\u009f', '\u00a1', '\u1681', '\u1fff', '\u200b', '\u2027',
  '\u202a', '\u202e', '\u2030', '\u205e', '\u2060', '\u2fff', '\u3001', '\ufefe', '\uffff', 'é', '\ud83d\ude00'];

test('equals the joined, whitespace-collapsed FNV-1a the indexes were written with, on texts full of edge cases', () => {
  const random = createRandom(16);
  const pick = (list: string[]) => list[Math.floor(random() * list.length)]!;
  const text = () => Array.from({ length: Math.floor(random() * 40) }, () => pick(random() < 0.4 ? SPACES : OTHERS)).join('');
  for (let i = 0; i < 5_000; i++) {
    const title = text();
    const body = text();
    expect(hashItemText(title, body), JSON.stringify([title, body])).toBe(reference(title, body));
  }
  for (const [title, body] of [['', ''], [' ', ' '], ['Taliban  take\n\tBagram', '  <p>Afghan forces left.</p> '], ['a', '']]) {
    expect(hashItemText(title!, body!)).toBe(reference(title!, body!));
  }
  // The separator is not whitespace: moving a word across it is a change.
  expect(hashItemText('a b', 'c')).not.toBe(hashItemText('a', 'b c'));
});
