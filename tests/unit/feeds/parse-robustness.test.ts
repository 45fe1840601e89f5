import { describe, expect, it } from 'vitest';
import { parseFeed } from '../../../src/feeds/parse-feed.js';
import { readFixture } from '../../helpers/feed-server.js';

const parse = (body: Buffer | string, itemCap?: number) =>
  parseFeed(typeof body === 'string' ? Buffer.from(body) : body, {
    feedId: 'hostile',
    url: 'https://hostile.test/feed',
    ...(itemCap ? { itemCap } : {}),
  });

function manyItems(count: number): string {
  const items: string[] = [];
  for (let i = 0; i < count; i++) items.push(`<item><title>n${i}</title><guid>g${i}</guid></item>`);
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>Flood</title>${items.join('')}</channel></rss>`;
}

describe('parseFeed: broken and hostile documents', () => {
  it('recovers items around a bare & and HTML entities', async () => {
    const feed = await parse(readFixture('bare-ampersand.xml'));
    expect(feed.title).toBe('Broken & proud');
    expect(feed.articles.map((a) => [a.title, a.link])).toEqual([
      ['Fish & chips prices rise', 'https://amp.example/a?x=1&y=2'],
      ['Café owners protest\u00a0tax', 'https://amp.example/b'],
    ]);
    expect(feed.warnings.join(' ')).toMatch(/malformed XML repaired/);
  });

  it('keeps the complete items of a truncated document', async () => {
    const feed = await parse(readFixture('truncated.xml'));
    expect(feed.articles.map((a) => a.title)).toEqual(['Complete item one', 'Complete item two']);
    expect(feed.warnings.join(' ')).toMatch(/malformed XML repaired/);
  });

  it('never expands entities declared in a DOCTYPE (billion laughs)', async () => {
    const feed = await parse(readFixture('billion-laughs.xml'));
    expect(feed.articles).toHaveLength(1);
    expect(feed.articles[0]!.title.length).toBeLessThan(20);
    expect(feed.articles[0]!.title).not.toContain('lollol');
  });

  it('never reads external entities (XXE): the file contents appear nowhere', async () => {
    const { mkdtemp, writeFile, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const dir = await mkdtemp(path.join(tmpdir(), 'newsbot-xxe-'));
    const secretFile = path.join(dir, 'secret.txt');
    const canary = 'CANARY-XXE-7f3a9c';
    await writeFile(secretFile, canary);
    try {
      for (const decl of [`<!ENTITY xxe SYSTEM "file://${secretFile}">`, `<!ENTITY % xxe SYSTEM "file://${secretFile}"> %xxe;`]) {
        const doc = `<?xml version="1.0"?><!DOCTYPE rss [${decl}]><rss version="2.0"><channel><title>t</title><item><title>&xxe;</title><description>&xxe;</description><guid>x1</guid></item></channel></rss>`;
        const outcome = await parse(doc).then(
          (feed) => JSON.stringify(feed),
          (err: Error) => `${err.message} ${String(err.cause)}`,
        );
        expect(outcome).not.toContain(canary);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('caps 100,000 items at itemCap without parsing them all, with bounded heap growth', async () => {
    const body = Buffer.from(manyItems(100_000));
    global.gc?.();
    const before = process.memoryUsage().heapUsed;
    const feed = await parse(body, 5_000);
    const grown = process.memoryUsage().heapUsed - before;
    expect(feed.articles).toHaveLength(5_000);
    expect(feed.articles[4_999]!.id).toBe('g4999');
    expect(feed.warnings.join(' ')).toMatch(/more than 5000 items/);
    // The full tree of 100k items would be hundreds of MB; the cut document stays far below that.
    expect(grown).toBeLessThan(150 * 1024 * 1024);
  });

  it('strips control characters from titles', async () => {
    const feed = await parse('<rss version="2.0"><channel><item><title>bell\u0007 here</title><guid>c1</guid></item></channel></rss>');
    expect(feed.articles[0]!.title).toBe('bell here');
  });

  it('reads an Atom feed whose dates rss-parser cannot handle', async () => {
    const feed = await parse(
      '<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><entry><id>e1</id><title>x</title><published>yesterday-ish</published></entry></feed>',
    );
    expect(feed.articles[0]).toMatchObject({ id: 'e1', title: 'x', published: null });
  });

  it('reads a namespace-prefixed Atom root', async () => {
    const feed = await parse(
      '<atom:feed xmlns:atom="http://www.w3.org/2005/Atom"><atom:title>P</atom:title><atom:entry><atom:id>p1</atom:id><atom:title>Prefixed</atom:title><atom:link href="https://p.test/1"/></atom:entry></atom:feed>',
    );
    expect(feed.articles[0]).toMatchObject({ id: 'p1', title: 'Prefixed', link: 'https://p.test/1' });
  });
});

describe('parseFeed: pathological markup stays linear', () => {
  // A quadratic or exponential regex would blow the test timeout on these ~1–2 MB bodies.
  it.each([
    ['many processing instructions before a bad root', '<?a?>'.repeat(10_000) + 'X'],
    ['many unterminated tags', '<rss version="2.0"><channel>' + '<a '.repeat(400_000)],
    ['many DOCTYPEs with open subsets', '<rss version="2.0"><channel><item>' + '<!DOCTYPE x ['.repeat(100_000)],
    ['unterminated quotes', '<rss version="2.0"><channel><item a="' + '<b c=\''.repeat(200_000)],
    ['escaped tag openers in a description (rss-parser snippet regex)', '<rss version="2.0"><channel><item><title>x</title><description>' + 'a&lt;p'.repeat(40_000) + '</description></item></channel></rss>'],
    ['deep nesting', '<rss version="2.0"><channel><item><description>' + '<div>'.repeat(100_000)],
  ])('%s', { timeout: 15_000 }, async (_name, doc) => {
    const outcome = await parse(doc).then(
      (feed) => `ok:${feed.articles.length}`,
      (err: { kind?: string }) => `failed:${err.kind}`,
    );
    expect(outcome).toMatch(/^(ok:\d+|failed:(parse|not-a-feed))$/);
  });
});
