import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileMatcher } from '../../../src/core/matcher/compile-matcher.js';
import { prepareArticle } from '../../../src/core/matcher/prepare-article.js';
import { extractText } from '../../../src/core/extract-text.js';
import { parseFeed } from '../../../src/feeds/parse-feed.js';

const xml = readFileSync(new URL('../../fixtures/feeds/atom-xhtml-mixed.xml', import.meta.url));

async function parse() {
  return parseFeed(xml, { feedId: 'mixed', url: 'https://mixed.example/feed.xml', contentType: 'application/atom+xml' });
}

describe('Atom xhtml content keeps document order', () => {
  it('reads inline markup in order, in titles and bodies', async () => {
    const feed = await parse();
    const inline = feed.articles.find((a) => a.id.endsWith(':inline'))!;
    expect(extractText(inline.title)).toBe('Convoy reaches Bagram air base');
    expect(extractText(inline.body)).toBe('Trucks rolled into Bagram air base before dawn, officials said, and the map shows the route.');
  });

  it('keeps nested divs and paragraphs in order, words apart at block boundaries', async () => {
    const feed = await parse();
    const nested = feed.articles.find((a) => a.id.endsWith(':nested'))!;
    expect(extractText(nested.body)).toBe('First paragraph ends here. Second paragraph names Kandahar province. Third one.');
  });

  it('reads xhtml under a namespace prefix, entities decoded once', async () => {
    const feed = await parse();
    const prefixed = feed.articles.find((a) => a.id.endsWith(':prefixed'))!;
    expect(extractText(prefixed.body)).toBe('Talks on the prisoner exchange resumed. Delegates met in Doha & Kabul.');
  });

  it('a phrase split by inline markup matches', async () => {
    const feed = await parse();
    const matcher = compileMatcher([{ id: 'bagram', query: '"Bagram air base"' }, { id: 'exchange', query: '"prisoner exchange"' }]);
    const hits = feed.articles.map((a) => matcher.match(prepareArticle(extractText(a.title), extractText(a.body))).map((h) => h.id));
    expect(hits).toEqual([['bagram'], [], ['exchange']]);
  });
});
