import { describe, expect, it } from 'vitest';
import { decodeCommandText, extractFeedOptions, parseCommandText } from '../../../../src/platforms/slack/parse-command-text.js';

describe('decodeCommandText', () => {
  it('undoes Slack HTML escaping, ampersand last', () => {
    expect(decodeCommandText('AT&amp;T &lt;b&gt; &amp;lt;')).toBe('AT&T <b> &lt;');
  });

  it('turns typographic quotes into ASCII ones and non-breaking spaces into spaces', () => {
    expect(decodeCommandText('subscribe \u201CBagram air base\u201D\u00A0Taliban\u2019s')).toBe('subscribe "Bagram air base" Taliban\'s');
    expect(decodeCommandText('\u201EKabul\u201C')).toBe('"Kabul"');
  });
});

describe('parseCommandText', () => {
  it('parses subscribe with a phrase and a feed option', () => {
    expect(parseCommandText('subscribe \u201CBagram air base\u201D OR Taliban feed:reuters')).toEqual({
      kind: 'request', command: 'subscribe', args: { query: '"Bagram air base" OR Taliban', feed: 'reuters' },
    });
  });

  it('keeps feed: inside quotes as part of the query', () => {
    expect(parseCommandText('subscribe "feed:x" Kabul')).toEqual({
      kind: 'request', command: 'subscribe', args: { query: '"feed:x" Kabul' },
    });
  });

  it('decodes escaped operators typed by staff', () => {
    expect(parseCommandText('preview Taliban &amp; -Pakistan')).toEqual({
      kind: 'request', command: 'preview', args: { query: 'Taliban & -Pakistan' },
    });
  });

  it('passes a subscribe without query to the shared handler (it answers "Missing query")', () => {
    expect(parseCommandText('subscribe')).toEqual({ kind: 'request', command: 'subscribe', args: {} });
  });

  it('refuses two feed options', () => {
    expect(parseCommandText('subscribe Kabul feed:a feed:b')).toMatchObject({ kind: 'usage', command: 'subscribe' });
  });

  it('takes the unsubscribe id, unwrapping backticks copied from /alerts list', () => {
    expect(parseCommandText('unsubscribe `s7k2m9q`')).toEqual({ kind: 'request', command: 'unsubscribe', args: { id: 's7k2m9q' } });
    expect(parseCommandText('UNSUBSCRIBE s1 extra')).toEqual({ kind: 'request', command: 'unsubscribe', args: { id: 's1' } });
  });

  it('maps list, help, empty and unknown text', () => {
    expect(parseCommandText('list')).toEqual({ kind: 'request', command: 'list', args: {} });
    expect(parseCommandText('')).toEqual({ kind: 'request', command: 'help', args: {} });
    expect(parseCommandText('   ')).toEqual({ kind: 'request', command: 'help', args: {} });
    expect(parseCommandText('frobnicate Kabul')).toEqual({ kind: 'request', command: 'help', args: {} });
    expect(parseCommandText('help')).toEqual({ kind: 'request', command: 'help', args: {} });
  });
});

describe('extractFeedOptions', () => {
  it('collects feed options anywhere outside quotes', () => {
    expect(extractFeedOptions('feed:ap Kabul "a feed:b" feed:"afp"')).toEqual({ query: 'Kabul "a feed:b"', feeds: ['ap', 'afp'] });
  });
});
