/**
 * Atom `type="xhtml"` text constructs hold markup as child elements. xml2js (inside rss-parser) splits mixed
 * content into text and children and loses their order, so "<b>Bagram</b> air base" came back as "air base" +
 * "<b>Bagram</b>" and a phrase across inline markup was never found. Before rss-parser sees the document, each
 * xhtml construct's inner markup is taken verbatim from the source (document order kept), namespace prefixes
 * dropped from its tags, and it is put back escaped as `type="html"`, which the rest of the parser already reads.
 */
import { Parser } from 'htmlparser2';
import { escapeHtml } from './xml-node.js';

// Atom's text constructs; entries may also carry them under a prefix (`atom:content`).
const TEXT_CONSTRUCTS = new Set(['title', 'subtitle', 'summary', 'content', 'rights']);
const XHTML_TYPE = /(\stype\s*=\s*)(["'])xhtml\2/i;

interface Span {
  openStart: number;
  openEnd: number;
  closeStart: number;
  closeEnd: number;
}

export function inlineXhtmlConstructs(xml: string): string {
  if (!/type\s*=\s*["']xhtml["']/i.test(xml)) return xml;
  const spans = findXhtmlConstructs(xml);
  if (spans.length === 0) return xml;
  let out = '';
  let at = 0;
  for (const s of spans) {
    const openTag = xml.slice(s.openStart, s.openEnd + 1).replace(XHTML_TYPE, '$1$2html$2');
    const inner = xml.slice(s.openEnd + 1, s.closeStart).replace(/<(\/?)[A-Za-z_][\w.-]*:/g, '<$1');
    out += xml.slice(at, s.openStart) + openTag + escapeHtml(inner) + xml.slice(s.closeStart, s.closeEnd + 1);
    at = s.closeEnd + 1;
  }
  return out + xml.slice(at);
}

/** Outermost xhtml text constructs, by source offsets; nested ones are part of their parent's markup. */
function findXhtmlConstructs(xml: string): Span[] {
  const spans: Span[] = [];
  let depth = 0;
  let open: { depth: number; openStart: number; openEnd: number } | null = null;
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        depth++;
        const local = name.slice(name.indexOf(':') + 1).toLowerCase();
        if (open === null && TEXT_CONSTRUCTS.has(local) && (attrs['type'] ?? '').toLowerCase() === 'xhtml') {
          open = { depth, openStart: parser.startIndex, openEnd: parser.endIndex };
        }
      },
      onclosetag() {
        if (open !== null && open.depth === depth) {
          // A self-closing construct has no inner markup to move.
          if (parser.startIndex > open.openEnd) {
            spans.push({ openStart: open.openStart, openEnd: open.openEnd, closeStart: parser.startIndex, closeEnd: parser.endIndex });
          }
          open = null;
        }
        depth--;
      },
    },
    { xmlMode: true, decodeEntities: false },
  );
  parser.write(xml);
  parser.end();
  return spans;
}
