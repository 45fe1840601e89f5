/** The parsed form of a subscription query. Plain data, so it can be stored or built by hand. */
export type Query = TermNode | NotNode | AndNode | OrNode;

export interface TermNode {
  kind: 'term';
  /** The term as typed (NFC; a phrase's inner whitespace collapsed to one space), without quotes, `*` or `title:`. */
  text: string;
  /** Typed in quotes. A one-word phrase matches exactly like the bare word; the flag only keeps the display. */
  phrase: boolean;
  /** Trailing `*`: matches words that start with `text`. */
  prefix: boolean;
  /** `title:` restricts the term to the headline. */
  field: 'any' | 'title';
}

export interface NotNode {
  kind: 'not';
  operand: Query;
}

export interface AndNode {
  kind: 'and';
  operands: Query[];
}

export interface OrNode {
  kind: 'or';
  operands: Query[];
}

/** A syntax error with the 1-based column (in characters) where it was noticed. */
export class QuerySyntaxError extends Error {
  readonly column: number;
  readonly query: string;
  /** Set when the query belongs to a subscription being compiled. */
  readonly subscriptionId: string | undefined;

  constructor(reason: string, column: number, query: string, subscriptionId?: string) {
    const where = `${reason} at column ${column}`;
    super(subscriptionId === undefined ? where : `subscription "${subscriptionId}": ${where}`);
    this.name = 'QuerySyntaxError';
    this.column = column;
    this.query = query;
    this.subscriptionId = subscriptionId;
    this.reason = reason;
  }

  /** The message without column or subscription, e.g. `unexpected ")"`. */
  readonly reason: string;
}
