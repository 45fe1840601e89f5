import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createRuntime, type Runtime } from '../../../../src/app/create-runtime.js';
import { compileMatcher } from '../../../../src/core/matcher/compile-matcher.js';
import { createFetcher } from '../../../../src/feeds/create-fetcher.js';
import type { FeedFetcher } from '../../../../src/feeds/types.js';
import { waitFor } from '../../../fakes/slack/wait-for.js';
import { CONFIG_CHANNELS, DESK_CHANNEL, replyText, startKit, type Kit } from './slack-test-kit.js';

/** A wire feed on 127.0.0.1 whose items the test sets. */
async function startFeedServer(): Promise<{ url: string; setItems(items: string[]): void; close(): Promise<void> }> {
  let items: string[] = [];
  const server: Server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' });
    res.end(`<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Wire</title>${items.join('')}</channel></rss>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/world.xml`,
    setItems(next) { items = next; },
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

const item = (guid: string, title: string, body: string) =>
  `<item><guid>${guid}</guid><title>${title}</title><link>https://news.example/${guid}</link>` +
  `<description><![CDATA[${body}]]></description><pubDate>Wed, 25 Nov 2026 14:03:00 GMT</pubDate></item>`;

let kit: Kit | undefined;
let feed: Awaited<ReturnType<typeof startFeedServer>> | undefined;
let fetcher: FeedFetcher | undefined;
afterEach(async () => {
  await kit?.close();
  await fetcher?.close();
  await feed?.close();
  kit = undefined;
  feed = undefined;
  fetcher = undefined;
});

function startRuntime(k: Kit, feedUrl: string): Runtime {
  fetcher = createFetcher({ clock: k.clock, allowPrivateNetworks: true, timeoutMs: 5000 });
  return createRuntime({
    settings: {
      feeds: [{ id: 'reuters', name: 'Reuters World', url: feedUrl, schedule: '*/5 * * * *' }],
      channels: CONFIG_CHANNELS, subscriptions: [], backfill: 'all', seenTtlMs: 86_400_000, failureThreshold: 10,
      concurrency: 2, retryBaseMs: 10, retryMaxMs: 100, claimTtlMs: 30_000, leaseTtlMs: 30_000, noticesChannel: null,
    },
    stores: k.stores, fetcher, platforms: new Map([['slack', k.platform]]),
    compileMatcher: (subs) => compileMatcher(subs), clock: k.clock, log: k.log, owner: 'slack-e2e',
  });
}

/** Delivers until the outbox is empty, moving the manual clock past each retry time. */
async function drain(runtime: Runtime, k: Kit): Promise<void> {
  for (let round = 0; round < 50; round++) {
    await runtime.deliverNow();
    if ((await k.stores.outbox.channelsWithPending()).length === 0) return;
    k.clock.advance(1000);
  }
  throw new Error('outbox did not drain');
}

async function slash(k: Kit, text: string): Promise<string> {
  const before = k.fake.state.responses.length;
  await k.fake.sendSocketCommand({ text });
  return replyText((await waitFor(() => k.fake.state.responses[before], `reply to ${text}`)).body);
}

describe('Slack end to end: slash command → poll a feed → Block Kit alert in the channel', () => {
  it('subscribe, poll, deliver through a 429 and 500 storm exactly once, unsubscribe', async () => {
    kit = await startKit('socket');
    feed = await startFeedServer();
    const runtime = startRuntime(kit, feed.url);

    expect(await slash(kit, 'subscribe \u201CBagram air base\u201D')).toContain('Subscribed');
    kit.clock.advance(1000);
    feed.setItems([
      item('a1', 'Taliban retake Bagram air base', 'Fighters entered Bagram air base at dawn &amp;lt;!channel&amp;gt; &lt;b&gt;AT&amp;amp;T&lt;/b&gt;.'),
      item('a2', 'Markets rally in Tokyo', 'Nothing about Afghanistan.'),
      item('a3', 'Convoy seen near Bagram air base', 'A second report.'),
    ]);
    kit.fake.failNext('chat.postMessage', { status: 429, retryAfter: 1 }, { status: 500 }, { status: 500 }, { status: 500 },
      { status: 429, retryAfter: 2 });
    await runtime.pollAll();
    await drain(runtime, kit);

    const messages = kit.fake.state.messages;
    expect(messages.map((m) => m.text)).toEqual([
      'Taliban retake Bagram air base (Reuters World)', 'Convoy seen near Bagram air base (Reuters World)',
    ]);
    expect(messages.every((m) => m.channel === DESK_CHANNEL)).toBe(true);
    expect(JSON.stringify(messages[0]?.blocks)).toContain('*Bagram air base*');
    expect(JSON.stringify(messages[0]?.blocks)).toContain('at dawn &lt;!channel&gt; AT&amp;T.');
    const record = await kit.stores.outbox.getDelivery('afghanistan', 'a1');
    expect(record).toMatchObject({ platform: 'slack', messageId: messages[0]?.ts, ref: { channel: DESK_CHANNEL, ts: messages[0]?.ts } });
    expect(kit.fake.requests('chat.postMessage').length).toBeGreaterThan(messages.length);

    // Polling the same items again posts nothing new.
    kit.clock.advance(60_000);
    await runtime.pollAll();
    await drain(runtime, kit);
    expect(kit.fake.state.messages).toHaveLength(2);

    const [sub] = await kit.stores.subscriptions.list();
    expect(await slash(kit, `unsubscribe ${sub?.id ?? ''}`)).toContain('Unsubscribed');
    kit.clock.advance(60_000);
    feed.setItems([item('a4', 'Third Bagram air base story', 'More.')]);
    await runtime.pollAll();
    await drain(runtime, kit);
    expect(kit.fake.state.messages).toHaveLength(2);
  });

  it('channel_not_found disables the channel; its alerts wait, nothing is posted', async () => {
    kit = await startKit('socket');
    kit.fake.state.channels.clear();
    feed = await startFeedServer();
    const runtime = startRuntime(kit, feed.url);
    expect(await slash(kit, 'subscribe Taliban')).toContain('Subscribed');
    kit.clock.advance(1000);
    feed.setItems([item('b1', 'Taliban statement', 'Text.')]);
    await runtime.pollAll();
    await runtime.deliverNow();
    const state = await kit.stores.channelState.get('afghanistan');
    expect(state?.disabledReason).toMatch(/^channel_not_found/);
    expect(await kit.stores.outbox.countPending('afghanistan')).toBe(1);
    expect(kit.fake.state.messages).toHaveLength(0);
  });
});
