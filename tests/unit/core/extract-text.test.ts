import { describe, expect, it } from 'vitest';
import { extractText } from '../../../src/core/extract-text.js';

describe('extractText', () => {
  const cases: Array<[string, string, string]> = [
    ['plain text passes through', 'Rebels took the pass overnight', 'Rebels took the pass overnight'],
    ['tags are stripped', '<p>Convoy <em>reached</em> the <a href="x">border</a></p>', 'Convoy reached the border'],
    ['inline tags do not split words', 'Bag<b>ram</b> air<span></span>field', 'Bagram airfield'],
    ['block tags separate words', '<p>First</p><p>Second</p><div>Third</div><li>Fourth</li>', 'First Second Third Fourth'],
    ['<br> separates words', 'north<br>south<br/>east<br />west', 'north south east west'],
    ['headings and table cells separate words', '<h2>Kabul</h2>airport<table><tr><td>a</td><td>b</td></tr></table>', 'Kabul airport a b'],
    ['script content is dropped', 'before<script>var x = "<b>Taliban</b>";</script>after', 'beforeafter'],
    ['style content is dropped', '<style>p { color: red }</style><p>story</p>', 'story'],
    ['named entities are decoded', 'Q&amp;A with the &quot;envoy&quot; &mdash; live', 'Q&A with the "envoy" — live'],
    ['numeric entities are decoded', 'It&#39;s the envoy&#x2019;s call', 'It\'s the envoy’s call'],
    ['double-escaped entities are decoded', 'It&amp;#39;s over &amp;amp; out', 'It\'s over & out'],
    ['escaped markup is stripped', '&lt;p&gt;Troops &lt;b&gt;left&lt;/b&gt;&lt;/p&gt;', 'Troops left'],
    ['NBSP and whitespace runs become one space', 'a\u00a0\u00a0b \t\n c\u2003d', 'a b c d'],
    ['leading and trailing space is trimmed', '   <p> padded </p>  ', 'padded'],
    ['bidi controls are removed', 'Ka\u200ebul \u202bKandahar\u202c \u2066x\u2069', 'Kabul Kandahar x'],
    ['zero-width characters are removed', 'Tali\u200bban\ufeff word\u2060join soft\u00adhyphen', 'Taliban wordjoin softhyphen'],
    ['text is NFC', 'Ka\u0304bul', 'K\u0101bul'],
    ['a lone < in plain text stays', 'casualties < 10 and > 5', 'casualties < 10 and > 5'],
    ['ampersand in plain text stays', 'AT&T and R&D', 'AT&T and R&D'],
    ['CDATA is text', '<![CDATA[wire copy]]>', 'wire copy'],
    ['comments are dropped', 'a<!-- hidden -->b', 'ab'],
    ['empty input', '', ''],
  ];
  it.each(cases)('%s', (_name, input, expected) => {
    expect(extractText(input)).toBe(expected);
  });
});
