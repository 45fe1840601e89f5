/**
 * Feed title/body (plain text or HTML) → clean text for matching and display.
 * htmlparser2 does the tokenising and entity decoding; this file decides which tags separate words.
 */
import { Parser } from 'htmlparser2';
import { decodeHTMLStrict } from 'entities';
import { removeUnsafeCharacters } from './text/unsafe-characters.js';

// Tags whose boundaries separate words. Everything else (b, i, a, span, em, strong, sup …) is inline: "Bag<b>ram</b>" is one word.
const BLOCK_TAGS = new Set([
  'address', 'article', 'aside', 'blockquote', 'br', 'caption', 'dd', 'details', 'dialog', 'div', 'dl', 'dt',
  'fieldset', 'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hgroup',
  'hr', 'img', 'li', 'main', 'nav', 'ol', 'p', 'pre', 'section', 'summary', 'table', 'tbody', 'td', 'tfoot', 'th',
  'thead', 'tr', 'ul', 'iframe', 'video', 'audio', 'object', 'embed', 'option', 'select', 'textarea', 'button',
  'input', 'title', 'body', 'html', 'head', 'center',
]);
// Their content is never reader-visible text.
const DROPPED_TAGS = new Set(['script', 'style', 'noscript', 'template', 'head', 'svg', 'math', 'iframe', 'object']);

// Looks like markup or an entity; plain text without either skips the parser (and keeps "a < b" intact).
const LOOKS_LIKE_HTML = /<[a-zA-Z!/?]|&(?:#\d+|#x[0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]{1,31});?/;
// Left over after one decoding pass: the feed escaped its entities twice (&amp;#39; → &#39;).
const RESIDUAL_ENTITY = /&(?:#\d+|#x[0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]{1,31});/;

const ESCAPED_MARKUP = /<\/?(?:p|br|b|i|a|div|span|strong|em|img|ul|ol|li|h[1-6]|table|tr|td|blockquote|figure)\b[^<>]*>/i;
// \s covers NBSP, the Unicode spaces and line/paragraph separators.
const WHITESPACE_RUN = /\s+/g;

/** HTML or plain text → NFC text, tags stripped, entities decoded, one space between words. */
export function extractText(input: string): string {
  if (!input) return '';
  let text = LOOKS_LIKE_HTML.test(input) ? htmlToText(input) : input;
  // Escaped markup (`&lt;p&gt;…`) is common in RSS descriptions: after one pass it is real markup.
  if (ESCAPED_MARKUP.test(text)) text = htmlToText(text);
  if (RESIDUAL_ENTITY.test(text)) text = decodeHTMLStrict(text);
  return removeUnsafeCharacters(text.normalize('NFC')).replace(WHITESPACE_RUN, ' ').trim();
}

function htmlToText(html: string): string {
  const parts: string[] = [];
  let dropDepth = 0;
  const parser = new Parser(
    {
      onopentagname(name) {
        if (DROPPED_TAGS.has(name)) dropDepth++;
        if (BLOCK_TAGS.has(name)) parts.push(' ');
      },
      onclosetag(name) {
        if (DROPPED_TAGS.has(name) && dropDepth > 0) dropDepth--;
        if (BLOCK_TAGS.has(name)) parts.push(' ');
      },
      ontext(data) {
        if (dropDepth === 0) parts.push(data);
      },
    },
    { decodeEntities: true, lowerCaseTags: true, recognizeCDATA: true },
  );
  parser.write(html);
  parser.end();
  return parts.join('');
}
