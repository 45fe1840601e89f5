import iconv from 'iconv-lite';

export interface DecodedBody {
  text: string;
  /** The charset actually used (`utf-8`, `windows-1252`, …). */
  charset: string;
  warning?: string;
}

const fatalUtf8 = new TextDecoder('utf-8', { fatal: true });
const lenientUtf8 = new TextDecoder('utf-8');
// What browsers do: Latin-1 and ASCII labels mean windows-1252 (curly quotes in 0x80–0x9F are common).
const SINGLE_BYTE_ALIASES = new Set(['iso-8859-1', 'iso8859-1', 'latin1', 'latin-1', 'l1', 'us-ascii', 'ascii', 'cp1252', 'iso_8859-1']);

/**
 * Bytes to text: charset from the HTTP header, then the BOM, then the XML prolog, else UTF-8. A body that is
 * not valid UTF-8 yet reads as plain single-byte text is decoded as windows-1252 (via iconv-lite: Node 20's
 * TextDecoder maps 0x92 to U+0092 instead of ’).
 */
export function decodeBody(body: Buffer, contentType?: string): DecodedBody {
  const bom = sniffBom(body);
  const declared = charsetFromContentType(contentType) ?? bom?.charset ?? charsetFromProlog(body);
  const charset = canonicalCharset(declared ?? 'utf-8');
  if (charset === 'utf-16le' || charset === 'utf-16be' || charset === 'utf-16') {
    const enc = charset === 'utf-16' ? (bom?.charset ?? 'utf-16le') : charset;
    return { text: stripBom(iconv.decode(body, enc)), charset: enc };
  }
  if (charset !== 'utf-8') {
    if (iconv.encodingExists(charset)) return { text: stripBom(iconv.decode(body, charset)), charset };
    const fallback = decodeUtf8(body);
    return { ...fallback, warning: `unknown charset ${JSON.stringify(declared).slice(0, 40)}, read as ${fallback.charset}` };
  }
  return decodeUtf8(body);
}

function decodeUtf8(body: Buffer): DecodedBody {
  try {
    return { text: stripBom(fatalUtf8.decode(body)), charset: 'utf-8' };
  } catch {
    if (looksSingleByte(body)) {
      return { text: iconv.decode(body, 'windows-1252'), charset: 'windows-1252', warning: 'invalid UTF-8, read as windows-1252' };
    }
    return { text: stripBom(lenientUtf8.decode(body)), charset: 'utf-8', warning: 'invalid UTF-8 sequences replaced' };
  }
}

/**
 * True when the high bytes do not form UTF-8 sequences (more broken than well-formed ones) and there are no
 * control bytes, i.e. the body reads as ordinary Latin-1/windows-1252 text rather than binary or mixed data.
 */
export function looksSingleByte(body: Buffer): boolean {
  let valid = 0;
  let invalid = 0;
  for (let i = 0; i < body.length; i++) {
    const b = body[i]!;
    if (b < 0x80) {
      if (b < 0x09 || (b > 0x0d && b < 0x20 && b !== 0x1b)) return false;
      continue;
    }
    const len = b >= 0xf0 && b <= 0xf4 ? 4 : b >= 0xe0 ? 3 : b >= 0xc2 && b <= 0xdf ? 2 : 0;
    let ok = len > 0 && i + len <= body.length;
    for (let k = 1; ok && k < len; k++) ok = (body[i + k]! & 0xc0) === 0x80;
    if (ok) {
      valid++;
      i += len - 1;
    } else invalid++;
  }
  return invalid > valid;
}

function sniffBom(body: Buffer): { charset: string } | undefined {
  if (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) return { charset: 'utf-8' };
  if (body[0] === 0xff && body[1] === 0xfe) return { charset: 'utf-16le' };
  if (body[0] === 0xfe && body[1] === 0xff) return { charset: 'utf-16be' };
  return undefined;
}

export function charsetFromContentType(contentType?: string): string | undefined {
  const m = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType ?? '');
  return m?.[1];
}

function charsetFromProlog(body: Buffer): string | undefined {
  // The prolog is ASCII in every charset we read without a BOM; UTF-16 without BOM is not worth guessing.
  const head = body.subarray(0, 512).toString('latin1');
  const m = /^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(head);
  return m?.[1];
}

function canonicalCharset(name: string): string {
  const lower = name.trim().toLowerCase();
  if (lower === 'utf8' || lower === 'utf-8' || lower === 'unicode-1-1-utf-8') return 'utf-8';
  if (SINGLE_BYTE_ALIASES.has(lower)) return 'windows-1252';
  return lower;
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
