import { describe, expect, it } from 'vitest';
import { isUnsafeCharacter, removeUnsafeCharacters } from '../../../../src/core/text/unsafe-characters.js';
import { extractText } from '../../../../src/core/extract-text.js';
import { toArticle } from '../../../../src/feeds/normalize-item.js';
import { codeSpan } from '../../../../src/commands/format-values.js';
import { removeUnsafeCharacters as sanitizeForPlatform } from '../../../../src/platforms/shared/sanitize-text.js';

// The documented set: what a reader cannot see but a matcher or chat client would act on.
const UNSAFE = {
  'arabic letter mark': '\u061C',
  'zero-width space': '\u200B',
  'zero-width non-joiner': '\u200C',
  'zero-width joiner': '\u200D',
  'left-to-right mark': '\u200E',
  'right-to-left mark': '\u200F',
  'left-to-right embedding': '\u202A',
  'right-to-left override': '\u202E',
  'word joiner': '\u2060',
  'invisible times': '\u2062',
  'left-to-right isolate': '\u2066',
  'pop directional isolate': '\u2069',
  'byte order mark': '\uFEFF',
  'soft hyphen': '\u00AD',
  'mongolian vowel separator': '\u180E',
  'hangul filler': '\u3164',
  'halfwidth hangul filler': '\uFFA0',
  'NUL': '\u0000',
  'bell': '\u0007',
  'vertical tab': '\u000B',
  'form feed': '\u000C',
  'escape': '\u001B',
  'delete': '\u007F',
  'C1 next line': '\u0085',
  'C1 string terminator': '\u009C',
};
const SAFE = { tab: '\t', 'line feed': '\n', 'carriage return': '\r', space: ' ', 'no-break space': '\u00A0', é: 'é', 'ا': 'ا' };

describe('the one list of unsafe characters', () => {
  it.each(Object.entries(UNSAFE))('%s is unsafe', (_name, ch) => {
    expect(isUnsafeCharacter(ch)).toBe(true);
    expect(removeUnsafeCharacters(`Bag${ch}ram`)).toBe('Bagram');
  });

  it.each(Object.entries(SAFE))('%s is kept', (_name, ch) => {
    expect(isUnsafeCharacter(ch)).toBe(false);
  });

  it('can stand a replacement in for each removed character', () => {
    expect(removeUnsafeCharacters('a\u202Eb\u0000c', ' ')).toBe('a b c');
  });

  // Each layer that cleans text goes through the same list: a character one layer lets through, none does.
  it.each(Object.entries(UNSAFE))('every layer removes %s', (_name, ch) => {
    const word = `Tali${ch}ban`;
    expect(extractText(`<p>${word} fighters</p>`)).toBe('Taliban fighters');
    expect(toArticle('f', { guid: 'g', title: word, body: '', link: null, base: 'https://x.example/', date: null, author: null, categories: [] }).title).toBe('Taliban');
    expect(sanitizeForPlatform(word)).toBe('Taliban');
    expect(codeSpan(word)).not.toContain(ch);
  });
});
