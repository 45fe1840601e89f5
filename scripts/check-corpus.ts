/**
 * Dev check (not part of `npm test`): runs the feed parser over the shared public corpus and prints, per
 * file, the item count or the error. Usage: npx tsx scripts/check-corpus.ts [DIR]
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { FeedFetchError } from '../src/feeds/errors.js';
import { parseFeed } from '../src/feeds/parse-feed.js';

const CONTENT_TYPES: Record<string, string> = { '.json': 'application/feed+json' };

async function checkCorpus(dir: string): Promise<number> {
  const files = (await readdir(dir)).filter((f) => !f.startsWith('.') && f !== 'README.md').sort();
  let parsed = 0;
  for (const file of files) {
    const body = await readFile(path.join(dir, file));
    const contentType = CONTENT_TYPES[path.extname(file)];
    try {
      const feed = await parseFeed(body, {
        feedId: file,
        url: `http://127.0.0.1:8097/${file}`,
        ...(contentType ? { contentType } : {}),
      });
      parsed++;
      const notes = feed.warnings.length ? `  [${feed.warnings.join('; ')}]` : '';
      console.log(`ok    ${String(feed.articles.length).padStart(5)} items  ${feed.format.padEnd(5)}  ${file}${notes}`);
    } catch (err) {
      const why = err instanceof FeedFetchError ? `${err.kind}: ${err.message}` : String(err);
      console.log(`FAIL  ${file}: ${why}`);
    }
  }
  console.log(`\n${parsed} of ${files.length} files parse`);
  return files.length - parsed;
}

const dir = path.resolve(process.argv[2] ?? '../shared/corpus/feeds');
checkCorpus(dir).then(
  () => undefined,
  (err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  },
);
