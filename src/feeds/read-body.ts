import { pipeline, type Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';

/** Thrown when the decoded body passes the cap; the caller classifies it as `too-large`. */
export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`body larger than ${limit} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

/** Thrown for a Content-Encoding we cannot undo. */
export class UnsupportedEncodingError extends Error {}

/**
 * Reads a response body, undoing gzip/deflate/br, and stops as soon as the decoded size passes `maxBytes`:
 * the cap counts what we would have to hold in memory, so a small gzip bomb cannot inflate past it.
 */
export async function readCappedBody(body: Readable, contentEncoding: string | undefined, maxBytes: number): Promise<Buffer> {
  const decoded = decodeStream(body, (contentEncoding ?? '').trim().toLowerCase());
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of decoded as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > maxBytes) throw new BodyTooLargeError(maxBytes);
      chunks.push(chunk);
    }
  } finally {
    // Leaving the loop early (cap, timeout) must release the socket and the inflater.
    for (const stream of [decoded, body]) {
      if (stream.destroyed) continue;
      stream.on('error', () => undefined);
      stream.destroy();
    }
  }
  return Buffer.concat(chunks, total);
}

function decodeStream(body: Readable, encoding: string): Readable {
  if (encoding === '' || encoding === 'identity') return body;
  const decoder =
    encoding === 'gzip' || encoding === 'x-gzip'
      ? createGunzip()
      : encoding === 'deflate'
        ? createInflate()
        : encoding === 'br'
          ? createBrotliDecompress()
          : null;
  if (!decoder) {
    body.on('error', () => undefined);
    body.destroy();
    throw new UnsupportedEncodingError(`unsupported content-encoding: ${encoding.slice(0, 40)}`);
  }
  // The callback form propagates errors of either side into the iterator of the last stream.
  return pipeline(body, decoder, () => undefined);
}
