import { describe, expect, it } from 'vitest';
import { decodeBody } from '../../../src/feeds/decode-body.js';
import { parseFeed } from '../../../src/feeds/parse-feed.js';
import { readFixture } from '../../helpers/feed-server.js';

const TITLE = 'Minister’s visit to Zürich – “fruitful” talks';
const BODY = 'Naïve résumé of the day … coût 5€';
const parse = (file: string, contentType?: string) =>
  parseFeed(readFixture(file), { feedId: 'enc', url: 'https://enc.test/feed', ...(contentType ? { contentType } : {}) });

describe('parseFeed: charsets', () => {
  it('decodes windows-1252 declared in the XML prolog (0x92 becomes ’, not U+0092)', async () => {
    const feed = await parse('cp1252-declared.xml');
    expect(feed.title).toBe('Café Wire');
    expect(feed.articles[0]).toMatchObject({ title: TITLE, body: BODY });
    expect(feed.warnings).toEqual([]);
  });

  it('decodes undeclared windows-1252 after UTF-8 fails, with a warning', async () => {
    const feed = await parse('cp1252-undeclared.xml');
    expect(feed.articles[0]).toMatchObject({ title: TITLE, body: BODY });
    expect(feed.warnings).toContain('invalid UTF-8, read as windows-1252');
  });

  it('decodes ISO-8859-1 declared in the prolog', async () => {
    const feed = await parse('latin1-declared.xml');
    expect(feed.articles[0]!.title).toBe('Minister\'s visit to Zürich - "fruitful" talks');
    expect(feed.articles[0]!.body).toBe('Naïve résumé of the day ... coût 5 EUR');
  });

  it('takes the charset from the HTTP header first', async () => {
    const feed = await parse('latin1-header-only.xml', 'application/rss+xml; charset=ISO-8859-1');
    expect(feed.articles[0]!.body).toBe('Naïve résumé of the day ... coût 5 EUR');
    expect(feed.warnings).toEqual([]);
    // The header wins over the prolog: UTF-8 bytes labelled windows-1252 come out as mojibake.
    const wrong = await parseFeed(Buffer.from('<rss version="2.0"><channel><title>é</title></channel></rss>'), {
      feedId: 'x',
      url: 'https://x.test/',
      contentType: 'text/xml; charset=windows-1252',
    });
    expect(wrong.title).toBe('Ã©');
  });

  it('follows a UTF-16 BOM and strips a UTF-8 BOM', async () => {
    expect((await parse('utf16le-bom.xml')).articles[0]).toMatchObject({ title: TITLE, body: BODY });
    expect((await parse('utf8-bom.xml')).articles[0]).toMatchObject({ title: TITLE, body: BODY });
  });

  it('keeps mostly-UTF-8 text with stray bytes as UTF-8 (replacement characters) and warns', async () => {
    const feed = await parse('invalid-utf8.xml');
    expect(feed.articles[0]!.title).toBe(TITLE);
    expect(feed.title).toContain('\uFFFD');
    expect(feed.warnings).toContain('invalid UTF-8 sequences replaced');
  });

  it('decodeBody: unknown charset labels fall back to UTF-8 with a warning', () => {
    const out = decodeBody(Buffer.from('<rss/>'), 'text/xml; charset=x-made-up');
    expect(out.charset).toBe('utf-8');
    expect(out.warning).toMatch(/unknown charset/);
  });
});
