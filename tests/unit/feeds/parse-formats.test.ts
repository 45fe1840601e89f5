import { describe, expect, it } from 'vitest';
import { extractText } from '../../../src/core/extract-text.js';
import { parseFeed } from '../../../src/feeds/parse-feed.js';
import { readFixture } from '../../helpers/feed-server.js';

const DOC = 'https://feeds.test/dir/feed.xml';
const parse = (file: string, contentType?: string) =>
  parseFeed(readFixture(file), { feedId: 'f1', url: DOC, ...(contentType ? { contentType } : {}) });

describe('parseFeed: formats', () => {
  it('reads RSS 2.0 with guid, dates, author, categories and the richest body', async () => {
    const feed = await parse('rss2-wire.xml');
    expect(feed.format).toBe('rss2');
    expect(feed.title).toBe('Fixture Wire: World');
    expect(feed.articles.map((a) => a.id)).toEqual(['wire-2026-0001', 'https://wire.example/world/doha-talks', 'wire-2026-0003']);
    const [first, second, third] = feed.articles;
    expect(first).toMatchObject({
      feedId: 'f1',
      title: 'Convoy reaches Bagram air base after two-day delay',
      link: 'https://wire.example/world/convoy-bagram',
      published: '2026-11-24T08:30:00.000Z',
      author: 'Desk Reporter',
      categories: ['Afghanistan', 'Security'],
    });
    // content:encoded is longer than the description teaser, so it is the body.
    expect(first!.body).toContain('<b>reached</b>');
    expect(second!.title).toBe('Talks resume in Doha & delegates meet');
    expect(second!.published).toBe('2026-11-24T09:05:00.000Z');
    expect(third!.published).toBe('2026-11-23T22:45:00.000Z');
    expect(feed.warnings).toEqual([]);
  });

  it('reads RSS 0.91 items without guid (identity = link)', async () => {
    const feed = await parse('rss091.xml');
    expect(feed.format).toBe('rss09');
    expect(feed.articles.map((a) => [a.id, a.title])).toEqual([
      ['http://old.example/stories/flood', 'Flood warning issued for river valley'],
      ['http://old.example/stories/bridge', 'Bridge reopens'],
    ]);
  });

  it('reads RSS 0.90 (Netscape RDF)', async () => {
    const feed = await parse('rss090-rdf.xml');
    expect(feed.format).toBe('rss09');
    expect(feed.title).toBe('Netscape Era Headlines');
    expect(feed.articles.map((a) => a.title)).toEqual(['Election results announced', 'Weather turns cold']);
  });

  it('reads RSS 1.0 / RDF with dc:date, dc:subject, dc:creator and dc:title', async () => {
    const feed = await parse('rss1-rdf.xml');
    expect(feed.format).toBe('rss1');
    expect(feed.articles[0]).toMatchObject({
      id: 'https://rdf.example/a',
      published: '2026-11-20T07:15:00.000Z',
      categories: ['Agriculture'],
      author: 'Farm Desk',
    });
    expect(feed.articles[1]).toMatchObject({ title: 'Port strike ends', published: '2026-11-21T00:00:00.000Z' });
  });

  it('reads Atom 1.0: html/xhtml/text constructs, alternate link, categories, published before updated', async () => {
    const feed = await parse('atom10-base.xml');
    expect(feed.format).toBe('atom');
    expect(feed.title).toBe('Atom Fixture Desk');
    const [one, two, three] = feed.articles;
    expect(one).toMatchObject({
      id: 'tag:atom.example,2026:1',
      title: 'Ceasefire <em>holds</em> in the north',
      link: 'https://atom.example/news/2026/11/ceasefire',
      published: '2026-11-24T08:00:00.000Z',
      author: 'Atom Writer',
      categories: ['Conflict', 'North'],
    });
    expect(one!.body).toContain('<b>ceasefire</b>');
    // type="text": angle brackets are text, so they stay escaped for the HTML-aware cleaner downstream.
    expect(two!.title).toBe('Scores &lt;today&gt; &amp; tomorrow');
    expect(extractText(two!.title)).toBe('Scores <today> & tomorrow');
    expect(two!.body).toContain('Home side won.');
    expect(three!.published).toBe('2026-11-22T06:00:00.000Z');
  });

  it('decodes Atom 0.3 base64 titles and reads issued dates', async () => {
    const feed = await parse('atom03-base64.xml');
    expect(feed.articles).toHaveLength(1);
    expect(feed.articles[0]).toMatchObject({
      title: 'Breaking: <b>Dam</b> bursts',
      link: 'https://legacy.example/dam',
      published: '2026-11-24T10:00:00.000Z',
      body: 'Water levels rose overnight.',
    });
  });

  it('reads dc:title when an RSS item has no title', async () => {
    const feed = await parse('dc-title.xml');
    expect(feed.articles[0]).toMatchObject({ title: 'Title given only as dc:title', categories: ['Politics'] });
  });

  it('reads JSON Feed 1.1: authors[], tags, numeric id, relative url, external_url', async () => {
    const feed = await parse('jsonfeed-11.json', 'application/feed+json');
    expect(feed.format).toBe('json');
    expect(feed.title).toBe('JSON Wire');
    const [one, two, three] = feed.articles;
    expect(one).toMatchObject({
      id: 'json-1',
      title: 'Quake shakes coastal towns',
      published: '2026-11-24T12:00:00.000Z',
      author: 'Item Author',
      categories: ['Disaster', 'Coast'],
    });
    expect(one!.body).toContain('<em>quake</em>');
    expect(two).toMatchObject({ id: '2', title: '', link: 'https://feeds.test/items/2', author: 'JSON Desk' });
    expect(two!.body).toBe('A post with no title, only text.');
    expect(three!.link).toBe('https://other.example/story');
  });

  it('reads JSON Feed 1.0 with a feed-level author, detected without a content type', async () => {
    const feed = await parse('jsonfeed-10.json');
    expect(feed.format).toBe('json');
    expect(feed.articles.map((a) => [a.id, a.author])).toEqual([
      ['a', 'Old Desk'],
      ['b', 'Writer B'],
    ]);
    // Plain-text fields are escaped so the HTML-aware cleaner keeps them literal; HTML fields stay as given.
    expect(feed.articles[0]).toMatchObject({ title: 'AT&amp;T &lt;quarterly&gt; results', body: 'Body one: 3 &lt; 4' });
    expect(extractText(feed.articles[0]!.title)).toBe('AT&T <quarterly> results');
    expect(feed.articles[1]!.body).toBe('<b>Body</b> two');
  });

  it('rejects an HTML page as not-a-feed, and JSON that is not a JSON Feed', async () => {
    await expect(parse('html-page.html', 'text/html')).rejects.toMatchObject({ kind: 'not-a-feed', feedId: 'f1' });
    await expect(
      parseFeed(Buffer.from('{"hello":"world"}'), { feedId: 'f1', url: DOC }),
    ).rejects.toMatchObject({ kind: 'not-a-feed' });
    await expect(parseFeed(Buffer.from('   '), { feedId: 'f1', url: DOC })).rejects.toMatchObject({ kind: 'not-a-feed' });
  });

  it('reports XML it cannot recover as a parse error', async () => {
    await expect(
      parseFeed(Buffer.from('<rss version="2.0"><channel><item a=b><title>x</title></item></channel></rss>'), { feedId: 'f1', url: DOC }),
    ).rejects.toMatchObject({ kind: 'parse', message: expect.stringContaining('Unquoted attribute value') });
  });
});
