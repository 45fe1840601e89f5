import { describe, expect, it } from 'vitest';
import { extractUrgency, readTitlePrefix } from '../../../../src/core/attention/extract-urgency.js';
import { meetsUrgency, readUrgencyValue } from '../../../../src/core/attention/urgency.js';
import { extractText } from '../../../../src/core/extract-text.js';
import type { Article } from '../../../../src/core/model.js';
import { parseFeed } from '../../../../src/feeds/parse-feed.js';
import { readFixture } from '../../../helpers/feed-server.js';

async function urgencies(file: string, opts: { wireElements?: string[]; from?: string } = {}) {
  const feed = await parseFeed(readFixture(`attention/${file}`), {
    feedId: 'f', url: 'https://wire.example/feed', ...(opts.wireElements ? { wireElements: opts.wireElements } : {}),
  });
  const rule = opts.from ? { from: opts.from } : undefined;
  return feed.articles.map((a: Article) => [a.id, extractUrgency({ title: extractText(a.title), ...(a.wire ? { wire: a.wire } : {}) }, rule)]);
}

describe('urgency from the wire', () => {
  it('reads an AP-style apcm:Priority element from its Numeric or Legacy attribute', async () => {
    expect(await urgencies('ap-style.xml')).toEqual([['aa-001', 'flash'], ['aa-002', 'bulletin'], ['aa-003', 'routine']]);
  });

  it('reads a Reuters-style urgency category (by domain) and a <priority> element on the IPTC 1–9 scale', async () => {
    expect(await urgencies('reuters-style.xml')).toEqual([['rr-001', 'bulletin'], ['rr-002', 'urgent'], ['rr-003', 'routine']]);
  });

  it('reads headline flags in several languages and leaves look-alike words alone', async () => {
    expect(await urgencies('prefix-style.atom')).toEqual([
      ['p-01', 'flash'], ['p-02', 'bulletin'], ['p-03', 'urgent'], ['p-04', 'bulletin'], ['p-05', 'bulletin'],
      ['p-06', 'bulletin'], ['p-07', 'urgent'], ['p-08', 'routine'], ['p-09', 'routine'], ['p-10', 'flash'],
    ]);
  });

  it('reads ninjs urgency in a JSON Feed item (top level or under _ninjs) and falls back to the headline', async () => {
    expect(await urgencies('ninjs-style.json')).toEqual([['nn-1', 'flash'], ['nn-2', 'urgent'], ['nn-3', 'routine'], ['nn-4', 'flash']]);
  });

  it('a feed rule `from: <element>` reads only that element, `from: title-prefix` only the headline', async () => {
    const custom = { wireElements: ['desk:level'], from: 'desk:level' };
    expect(await urgencies('custom-element.xml', custom)).toEqual([['cc-1', 'routine'], ['cc-2', 'flash']]);
    expect(await urgencies('custom-element.xml', { from: 'title-prefix' })).toEqual([['cc-1', 'flash'], ['cc-2', 'routine']]);
    // Without the rule the element is not kept, so only the headline speaks.
    expect(await urgencies('custom-element.xml')).toEqual([['cc-1', 'flash'], ['cc-2', 'routine']]);
  });
});

describe('readTitlePrefix', () => {
  it.each([
    ['FLASH: Kabul airport closed', 'flash'],
    ['[URGENT] Convoy attacked', 'urgent'],
    ['*BREAKING* Quake hits', 'urgent'],
    ['BREAKING NEWS - Dam fails', 'urgent'],
    ['СРОЧНО: Взрыв в центре', 'urgent'],
    ['عاجل الرئيس يعلن', 'urgent'],
    ['URGENTE / Cae el gobierno', 'urgent'],
    ['ALERTE-Le président parle', 'bulletin'],
    ['FLASH', 'flash'],
  ])('%s → %s', (title, level) => {
    expect(readTitlePrefix(title)).toBe(level);
  });

  it.each(['URGENT CARE CLINICS CLOSE EARLY', 'Flash floods in the valley', 'Breaking the deadlock in Doha', 'Urgently needed: blood donors', 'Taliban say FLASH'])(
    '%s is not flagged',
    (title) => {
      expect(readTitlePrefix(title)).toBeNull();
    },
  );
});

describe('urgency values and levels', () => {
  it('maps IPTC numbers, AP letters and words; ignores the rest', () => {
    expect(['1', '2', '3', '4', '9', 'f', 'B', 'u', 'r', 'Flash', 'eilmeldung', '0', '10', 'soon', ''].map(readUrgencyValue)).toEqual([
      'flash', 'bulletin', 'urgent', 'routine', 'routine', 'flash', 'bulletin', 'urgent', 'routine', 'flash', 'bulletin', null, null, null, null,
    ]);
  });

  it('orders flash > bulletin > urgent > routine', () => {
    expect(meetsUrgency('flash', 'urgent')).toBe(true);
    expect(meetsUrgency('urgent', 'urgent')).toBe(true);
    expect(meetsUrgency('routine', 'urgent')).toBe(false);
    expect(meetsUrgency('bulletin', 'flash')).toBe(false);
    expect(meetsUrgency('routine', undefined)).toBe(true);
  });
});
