import { describe, expect, it } from 'vitest';
import { formatAlertMessage, formatSlackDate } from '../../../../src/platforms/slack/format-alert-message.js';
import { formatCommandReply } from '../../../../src/platforms/slack/format-command-reply.js';
import { validateBlocks } from '../../../fakes/slack/fake-slack-web-api.js';
import { buildAlert, HOSTILE } from './alert-fixtures.js';
import { hl, plain } from '../../../helpers/summary-runs.js';

/** Every string a message carries, for "nothing unsafe anywhere" checks. */
function allText(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(allText);
  if (value && typeof value === 'object') return Object.values(value).flatMap(allText);
  return [];
}

describe('formatAlertMessage', () => {
  it('renders the linked headline, the summary with matched terms bold, and the source context', () => {
    const msg = formatAlertMessage(buildAlert());
    expect(msg.blocks[0]).toEqual({
      type: 'section', text: { type: 'mrkdwn', text: '*<https://news.example/a?x=1&amp;y=2|Taliban retake Bagram air base>*' },
    });
    expect(msg.blocks[1]).toEqual({
      type: 'section',
      text: { type: 'mrkdwn', text: 'The *Taliban* said on Tuesday they controlled *Bagram air base*, north of Kabul.' },
    });
    expect(msg.blocks[2]).toEqual({
      type: 'context',
      elements: [
        { type: 'mrkdwn', text: 'Reuters World · <!date^1795615380^{date_short_pretty} {time}|2026-11-25T14:03:00Z>' },
        { type: 'mrkdwn', text: 'Matched: `Taliban`, `Bagram air base`' },
      ],
    });
    expect(msg.text).toBe('Taliban retake Bagram air base (Reuters World)');
    expect(msg.unfurl_links).toBe(false);
    expect(msg.unfurl_media).toBe(false);
    expect(msg).not.toHaveProperty('link_names');
    expect(msg).not.toHaveProperty('parse');
  });

  it('keeps hostile feed text inert in blocks and fallback (golden)', () => {
    const msg = formatAlertMessage(buildAlert({
      title: HOSTILE, summary: [hl('Taliban'), plain(` ${HOSTILE}`)], feedName: '<!channel> Wire', link: 'javascript:alert(1)',
    }));
    expect(msg.blocks[0]).toEqual({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: '*@everyone &lt;@&amp;1&gt; &lt;!channel&gt; &lt;!here&gt; &lt;http://evil|R&gt; [R](http://evil)  &amp;#x202E; &lt;script&gt;*',
      },
    });
    expect(msg.text).toBe(
      '@everyone &lt;@&amp;1&gt; &lt;!channel&gt; &lt;!here&gt; &lt;http://evil|R&gt; [R](http://evil)  &amp;#x202E; &lt;script&gt; (&lt;!channel&gt; Wire)',
    );
    for (const text of allText(msg)) {
      expect(text).not.toMatch(/<[!@#](?!date\^\d+\^)/);
      expect(text).not.toMatch(/<http/);
      expect(text).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
    }
  });

  it('links only http(s) URLs and keeps a pipe in the URL from ending the link', () => {
    const msg = formatAlertMessage(buildAlert({ link: 'https://x.example/a|b>c' }));
    expect((msg.blocks[0] as { text: { text: string } }).text.text).toBe('*<https://x.example/a%7Cb%3Ec|Taliban retake Bagram air base>*');
    const none = formatAlertMessage(buildAlert({ link: null }));
    expect((none.blocks[0] as { text: { text: string } }).text.text).toBe('*Taliban retake Bagram air base*');
  });

  it('stays within Slack limits for huge, entity-heavy text without cutting an entity', () => {
    const msg = formatAlertMessage(buildAlert({ title: '<&>'.repeat(2000), summary: [hl('Taliban'), plain(` ${'&'.repeat(10_000)}`)] }));
    expect(validateBlocks(msg.blocks)).toBeNull();
    const summary = (msg.blocks[1] as { text: { text: string } }).text.text;
    expect(summary.length).toBeLessThanOrEqual(3000);
    expect(summary.startsWith('*Taliban* &amp;')).toBe(true);
    expect(summary.endsWith('&amp;…')).toBe(true);
    const title = (msg.blocks[0] as { text: { text: string } }).text.text;
    expect(title).toMatch(/^\*<https:\/\/news\.example\/a\?x=1&amp;y=2\|(&lt;&amp;&gt;)+(&lt;|&amp;|&gt;)*…>\*$/);
  });

  it('omits the summary block when there is none and the date when unknown', () => {
    const msg = formatAlertMessage(buildAlert({ summary: [plain('  ')], published: null, matched: [] }));
    expect(msg.blocks.map((b) => b.type)).toEqual(['section', 'context']);
    expect(msg.blocks[1]).toEqual({ type: 'context', elements: [{ type: 'mrkdwn', text: 'Reuters World' }] });
  });
});

describe('formatSlackDate', () => {
  it('rejects what does not parse as a date', () => {
    expect(formatSlackDate('<!channel>')).toBeNull();
    expect(formatSlackDate(null)).toBeNull();
  });
});

describe('formatCommandReply', () => {
  it('renders an ephemeral reply with escaped user values and article text', () => {
    const reply = formatCommandReply({
      ok: true, title: 'Subscribed: `<!channel>`', lines: ['Id `s1` · feeds: all', '**bold** & more'],
      articles: [{ feedId: 'reuters', id: 'a', title: HOSTILE, text: '<!here> body', link: 'https://n.example/1', published: null, firstSeenAt: 1 }],
    });
    expect(reply.response_type).toBe('ephemeral');
    expect(reply.text).toBe('Subscribed: `&lt;!channel&gt;`');
    expect(reply.blocks[0]).toEqual({ type: 'section', text: { type: 'mrkdwn', text: '*Subscribed: `&lt;!channel&gt;`*' } });
    expect(reply.blocks[1]).toEqual({ type: 'section', text: { type: 'mrkdwn', text: 'Id `s1` · feeds: all\n*bold* &amp; more' } });
    for (const text of allText(reply)) {
      expect(text).not.toMatch(/<[!@#](?!date\^\d+\^)/);
      expect(text).not.toMatch(/<http:\/\/evil/);
    }
    expect(validateBlocks(reply.blocks)).toBeNull();
  });

  it('caps the number of articles and the size of the lines', () => {
    const articles = Array.from({ length: 60 }, (_, i) => ({
      feedId: 'f', id: String(i), title: `t${i}`, text: 'x'.repeat(5000), link: null, published: null, firstSeenAt: 1,
    }));
    const reply = formatCommandReply({ ok: true, title: 't', lines: Array.from({ length: 200 }, () => 'y'.repeat(100)), articles });
    expect(validateBlocks(reply.blocks)).toBeNull();
    expect(reply.blocks.length).toBeLessThanOrEqual(13);
    expect((reply.blocks[1] as { text: { text: string } }).text.text).toMatch(/…and \d+ more lines$/);
  });
});
