import { describe, expect, it } from 'vitest';
import { parseFeed } from '../../../src/feeds/parse-feed.js';
import { readFixture } from '../../helpers/feed-server.js';

const parse = (file: string, url = 'https://feeds.test/dir/feed.xml', itemCap?: number) =>
  parseFeed(readFixture(file), { feedId: 'f1', url, ...(itemCap ? { itemCap } : {}) });

describe('parseFeed: links, xml:base and identity', () => {
  it('resolves links through channel and item xml:base, and drops non-http links', async () => {
    const feed = await parse('relative-links.xml');
    expect(feed.articles.map((a) => a.link)).toEqual([
      'https://base.example/desk/stories/one',
      'https://base.example/other/two',
      'https://cdn.example/three?a=1',
      null,
    ]);
    expect(feed.articles[3]!.id).toBe('script-item');
  });

  it('resolves links against the document URL when there is no xml:base', async () => {
    const feed = await parse('doc-relative.xml', 'http://127.0.0.1:8097/feeds/world.xml');
    expect(feed.articles.map((a) => a.link)).toEqual([
      'http://127.0.0.1:8097/relative/path',
      'http://127.0.0.1:8097/feeds/sibling.html',
    ]);
  });

  it('resolves Atom links through feed and entry xml:base (absolute-path base on the entry)', async () => {
    const feed = await parse('atom10-base.xml');
    expect(feed.articles.map((a) => a.link)).toEqual([
      'https://atom.example/news/2026/11/ceasefire',
      'https://atom.example/sports/final-score',
      'https://elsewhere.example/abs',
    ]);
  });

  it('merges items with the same guid (the later wins) but keeps distinct guids that share a link', async () => {
    const feed = await parse('duplicate-guids.xml');
    expect(feed.articles).toHaveLength(2);
    const story1 = feed.articles.find((a) => a.id === 'story-1');
    expect(story1).toMatchObject({ title: 'Updated version of the story', link: 'https://dup.example/story?v=2' });
    expect(feed.articles.find((a) => a.id === 'story-2')?.link).toBe('https://dup.example/story');
    expect(feed.warnings.join(' ')).toMatch(/1 items repeated an identity/);
  });

  it('gives items without title, link or guid stable, distinct identities', async () => {
    const first = await parse('missing-fields.xml');
    const again = await parse('missing-fields.xml');
    expect(first.articles).toHaveLength(5);
    const ids = first.articles.map((a) => a.id);
    expect(new Set(ids).size).toBe(5);
    expect(again.articles.map((a) => a.id)).toEqual(ids);
    expect(first.articles[0]).toMatchObject({ title: '', link: null });
    expect(first.articles[0]!.id).toMatch(/^sha256:[0-9a-f]{32}$/);
    // Same title, different dates: two articles.
    expect(first.articles[1]!.id).not.toBe(first.articles[2]!.id);
    expect(first.articles[3]!.id).toBe('https://gaps.example/only-link');
  });

  it('keeps at most itemCap items and says so', async () => {
    const feed = await parse('rss2-wire.xml', undefined, 2);
    expect(feed.articles.map((a) => a.id)).toEqual(['wire-2026-0001', 'https://wire.example/world/doha-talks']);
    expect(feed.warnings.join(' ')).toMatch(/more than 2 items/);
    const json = await parseFeed(readFixture('jsonfeed-11.json'), { feedId: 'f', url: 'https://x.test/', itemCap: 1 });
    expect(json.articles.map((a) => a.id)).toEqual(['json-1']);
  });
});
