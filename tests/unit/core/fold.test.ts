import { describe, expect, it } from 'vitest';
import { foldAccents, foldCase, hasAccents, isWordAt } from '../../../src/core/text/fold.js';

describe('folding', () => {
  const cases: Array<[string, string, string]> = [
    ['TALIBAN', 'taliban', 'taliban'],
    ['Kābul', 'kābul', 'kabul'],
    ['ΟΔΟΣ', 'οδοσ', 'οδοσ'],
    ['МОСКВА', 'москва', 'москва'],
    ['İstanbul', 'istanbul', 'istanbul'],
    ['Łódź', 'łódź', 'lodz'],
    ['Taliban’s “deal”', 'taliban\'s "deal"', 'taliban\'s "deal"'],
    ['Diyarbakır', 'diyarbakır', 'diyarbakir'],
  ];
  it.each(cases)('%s → %s → %s', (input, cased, plain) => {
    expect(foldCase(input)).toBe(cased);
    expect(foldAccents(foldCase(input))).toBe(plain);
  });

  it('knows which terms carry accents', () => {
    expect(hasAccents('kabul')).toBe(false);
    expect(hasAccents('kābul')).toBe(true);
    expect(hasAccents('москва')).toBe(false);
  });

  it('keeps length and word/non-word classes for every BMP character', () => {
    const chars: string[] = [];
    for (let c = 0; c < 0xffff; c++) if (c < 0xd800 || c > 0xdfff) chars.push(String.fromCharCode(c));
    const all = chars.join('');
    const cased = foldCase(all);
    const plain = foldAccents(cased);
    expect(cased.length).toBe(all.length);
    expect(plain.length).toBe(all.length);
    const changedClass: string[] = [];
    for (let i = 0; i < all.length; i++) {
      // The modifier-letter apostrophe (a letter) is deliberately read as the ASCII apostrophe.
      if (all[i] !== 'ʼ' && isWordAt(all, i) !== isWordAt(cased, i)) changedClass.push(all[i]!);
      if (isWordAt(cased, i) !== isWordAt(plain, i)) changedClass.push(all[i]!);
    }
    expect(changedClass).toEqual([]);
  });
});
