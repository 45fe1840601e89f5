import { expect, test } from 'vitest';
import { collapseWhitespace, removeUnsafeCharacters, truncateAtWord } from '../../../../src/platforms/shared/sanitize-text.js';

test('removes bidi controls, zero-width characters and C0/C1 controls, keeps newlines and tabs', () => {
  expect(removeUnsafeCharacters('a\u202Eb\u2067c\u200Dd\u0007e\u0085f\r\ng\th')).toBe('abcdef\ng\th');
});

test('collapses whitespace to single spaces', () => {
  expect(collapseWhitespace('  a \n\t b\u00A0 c ')).toBe('a b c');
});

test('truncates at a word boundary with an ellipsis', () => {
  expect(truncateAtWord('The quick brown fox jumps', 15)).toBe('The quick…');
  expect(truncateAtWord('short', 15)).toBe('short');
  expect(truncateAtWord('Supercalifragilistic', 10)).toBe('Supercali…');
});

test('never splits a surrogate pair', () => {
  const text = '😀'.repeat(10);
  const cut = truncateAtWord(text, 6);
  expect(cut.length).toBeLessThanOrEqual(6);
  expect(cut).toBe('😀😀…');
});
