import { describe, expect, it } from 'vitest';
import { BackgroundWords } from '../../../../src/core/lifecycle/background-words.js';
import { hashText } from '../../../../src/core/lifecycle/fingerprint-text.js';

const f = (...words: string[]) => [...new Set(words.map(hashText))].sort((a, b) => a - b);

describe('BackgroundWords', () => {
  it('calls nothing background until it has read enough articles', () => {
    const bg = new BackgroundWords({ minArticles: 10, share: 0.5 });
    for (let i = 0; i < 9; i++) bg.observe(f('gover', `own${i}`));
    expect(bg.isBackground(hashText('gover'))).toBe(false);
    const story = f('gover', 'bagra');
    expect(bg.filter(story)).toBe(story);
    bg.observe(f('gover', 'own9'));
    expect(bg.isBackground(hashText('gover'))).toBe(true);
    expect(bg.filter(story)).toEqual(f('bagra'));
  });

  it('takes a word above the share of the window, not at it', () => {
    const bg = new BackgroundWords({ minArticles: 4, share: 0.5 });
    for (let i = 0; i < 4; i++) bg.observe(i < 2 ? f('half', `x${i}`) : f(`x${i}`));
    expect(bg.isBackground(hashText('half'))).toBe(false);
    bg.observe(f('half'));
    expect(bg.isBackground(hashText('half'))).toBe(true);
  });

  it('is not active over a wide vocabulary, however much it has read, and becomes so when a word turns common', () => {
    const bg = new BackgroundWords({ window: 500, minArticles: 100, share: 0.2 });
    for (let i = 0; i < 1000; i++) bg.observe(f(`a${i}`, `b${i}`, `c${i % 50}`));
    expect(bg.articles).toBe(500);
    expect(bg.active).toBe(false);
    for (let i = 0; i < 150; i++) bg.observe(f(`d${i}`, 'gover'));
    expect(bg.active).toBe(true);
    // It leaves when its articles leave the window.
    for (let i = 0; i < 500; i++) bg.observe(f(`e${i}`));
    expect(bg.active).toBe(false);
    expect(bg.isBackground(hashText('gover'))).toBe(false);
  });

  it('forgets articles that left the window', () => {
    const bg = new BackgroundWords({ window: 20, minArticles: 10, share: 0.3 });
    for (let i = 0; i < 20; i++) bg.observe(f('talib', `a${i}`));
    expect(bg.isBackground(hashText('talib'))).toBe(true);
    for (let i = 0; i < 15; i++) bg.observe(f(`b${i}`));
    expect(bg.articles).toBe(20);
    // 5 of the last 20 carry it: 25%, under the share.
    expect(bg.isBackground(hashText('talib'))).toBe(false);
  });

  it('returns the same array when nothing in it is background, and keeps order otherwise', () => {
    const bg = new BackgroundWords({ minArticles: 1, share: 0.5 });
    bg.observe(f('commo', 'other'));
    bg.observe(f('commo'));
    const clean = f('bagra', 'kabul');
    expect(bg.filter(clean)).toBe(clean);
    const mixed = f('bagra', 'commo', 'kabul', 'zzzzz');
    expect(bg.filter(mixed)).toEqual(mixed.filter((h) => h !== hashText('commo')));
  });

  it('tells every word right over a wire-sized vocabulary (the sketch overstates too rarely to matter)', () => {
    const bg = new BackgroundWords({ window: 4000, minArticles: 200, share: 0.2 });
    const exact = new Map<number, number>();
    let seed = 42;
    const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    // 30 common words in ~30% of articles each, 40,000 rare ones.
    for (let doc = 0; doc < 4000; doc++) {
      const words = new Set<string>();
      for (let i = 0; i < 30; i++) if (random() < 0.3) words.add(`common${i}`);
      for (let i = 0; i < 30; i++) words.add(`rare${Math.floor(random() * 40_000)}`);
      const features = f(...words);
      for (const h of features) exact.set(h, (exact.get(h) ?? 0) + 1);
      bg.observe(features);
    }
    let wrong = 0;
    for (const [h, count] of exact) if (bg.isBackground(h) !== count > 0.2 * 4000) wrong++;
    expect(wrong).toBe(0);
    for (let i = 0; i < 30; i++) expect(bg.isBackground(hashText(`common${i}`))).toBe(true);
  });
});
