import type { Alert } from '../../../../src/core/model.js';
import { marked } from '../../../helpers/summary-runs.js';

/** The chat-safety headline of issue 7, plus Slack's own special tokens. */
export const HOSTILE = '@everyone <@&1> <!channel> <!here> <http://evil|R> [R](http://evil) \u202E &#x202E; <script>';

export function buildAlert(over: Partial<Alert> = {}): Alert {
  return {
    channel: 'afghanistan', subscriptions: ['s1'], feed: 'reuters', feedName: 'Reuters World',
    feedUrl: 'https://feeds.example/world.xml', id: 'item-1', title: 'Taliban retake Bagram air base',
    link: 'https://news.example/a?x=1&y=2', published: '2026-11-25T14:03:00.000Z', matched: ['Taliban', 'Bagram air base'],
    summary: marked('The **Taliban** said on Tuesday they controlled **Bagram air base**, north of Kabul.'), firstSeenAt: 1,
    ...over,
  };
}
