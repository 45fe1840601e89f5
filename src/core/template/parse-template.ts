/**
 * Channel message templates (`channels[].template`): a headline, an optional body, fields and a footer, each a
 * string with placeholders such as `{title}` or `{published:relative}`. Parsing is strict so check-config can
 * name an unknown placeholder; `{{` and `}}` write literal braces.
 */

export const TEMPLATE_PLACEHOLDERS = [
  'title', 'feed', 'published:relative', 'published', 'matched', 'summary', 'link', 'urgency',
] as const;

export type PlaceholderName = (typeof TEMPLATE_PLACEHOLDERS)[number];

export type TemplatePart = { kind: 'text'; text: string } | { kind: 'placeholder'; name: PlaceholderName };

export interface TemplateField {
  name: TemplatePart[];
  value: TemplatePart[];
}

/** A parsed channel template; every platform that renders alerts as messages lays them out from it. */
export interface AlertTemplate {
  headline: TemplatePart[];
  /** null: no body (`body: ""`; the summary then shows only where a placeholder asks for it). */
  body: TemplatePart[] | null;
  fields: TemplateField[];
  /** null: no footer (`footer: ""`). */
  footer: TemplatePart[] | null;
}

/** What the config says (strings), before parsing. */
export interface AlertTemplateSource {
  headline?: string | undefined;
  body?: string | undefined;
  fields?: Array<{ name: string; value: string }> | undefined;
  footer?: string | undefined;
}

/** What a key left out means: the built-in layout's part. An empty string drops the body or the footer. */
export const DEFAULT_TEMPLATE_SOURCE = { headline: '{title}', body: '{summary}', footer: '{feed}' } as const;

export class TemplateSyntaxError extends Error {
  override readonly name = 'TemplateSyntaxError';
  constructor(
    readonly detail: string,
    /** 1-based, in characters of the template string. */
    readonly column: number,
    /** The unknown placeholder as written, e.g. `{titel}`, when that is the problem. */
    readonly placeholder?: string,
    hint?: string,
  ) {
    super(`${detail} at column ${column}${hint ? ` (${hint})` : ''}`);
  }
}

const KNOWN = new Set<string>(TEMPLATE_PLACEHOLDERS);
export const KNOWN_PLACEHOLDERS_TEXT = TEMPLATE_PLACEHOLDERS.map((name) => `{${name}}`).join(', ');

/** Parts of one template string; throws a TemplateSyntaxError naming the first problem and its column. */
export function parseTemplateText(text: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let literal = '';
  const flush = () => {
    if (literal !== '') parts.push({ kind: 'text', text: literal });
    literal = '';
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if ((ch === '{' || ch === '}') && text[i + 1] === ch) {
      literal += ch;
      i++;
      continue;
    }
    if (ch === '}') throw new TemplateSyntaxError('unmatched "}"', i + 1, undefined, 'write }} for a literal brace');
    if (ch !== '{') {
      literal += ch;
      continue;
    }
    const end = text.indexOf('}', i + 1);
    const nextOpen = text.indexOf('{', i + 1);
    if (end < 0 || (nextOpen >= 0 && nextOpen < end)) {
      throw new TemplateSyntaxError('unclosed "{"', i + 1, undefined, 'write {{ for a literal brace');
    }
    const name = text.slice(i + 1, end).trim();
    if (!KNOWN.has(name)) {
      const written = text.slice(i, end + 1);
      throw new TemplateSyntaxError(`unknown placeholder ${written}`, i + 1, written, `known: ${KNOWN_PLACEHOLDERS_TEXT}`);
    }
    flush();
    parts.push({ kind: 'placeholder', name: name as PlaceholderName });
    i = end;
  }
  flush();
  return parts;
}

export interface TemplateProblem {
  /** Key path below `template`, e.g. `['fields', 0, 'value']`. */
  path: Array<string | number>;
  detail: string;
}

/** Parses every string of a template source; problems carry the key path and the column. */
export function compileAlertTemplate(source: AlertTemplateSource): { template: AlertTemplate; problems: TemplateProblem[] } {
  const problems: TemplateProblem[] = [];
  const parse = (text: string, path: Array<string | number>): TemplatePart[] => {
    try {
      return parseTemplateText(text);
    } catch (error) {
      if (!(error instanceof TemplateSyntaxError)) throw error;
      problems.push({ path, detail: error.message });
      return [];
    }
  };
  const template: AlertTemplate = {
    headline: parse(source.headline ?? DEFAULT_TEMPLATE_SOURCE.headline, ['headline']),
    body: source.body === '' ? null : parse(source.body ?? DEFAULT_TEMPLATE_SOURCE.body, ['body']),
    fields: (source.fields ?? []).map((field, index) => ({
      name: parse(field.name, ['fields', index, 'name']),
      value: parse(field.value, ['fields', index, 'value']),
    })),
    footer: source.footer === '' ? null : parse(source.footer ?? DEFAULT_TEMPLATE_SOURCE.footer, ['footer']),
  };
  return { template, problems };
}
