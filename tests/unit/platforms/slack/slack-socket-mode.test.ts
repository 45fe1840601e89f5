import { afterEach, describe, expect, it } from 'vitest';
import { FAKE_APP_TOKEN, FAKE_BOT_TOKEN } from '../../../fakes/slack/fake-slack.js';
import { waitFor } from '../../../fakes/slack/wait-for.js';
import { buildAlert } from './alert-fixtures.js';
import { DESK_CHANNEL, replyText, startKit, type Kit } from './slack-test-kit.js';

let kit: Kit | undefined;
afterEach(async () => {
  await kit?.close();
  kit = undefined;
});

describe('Slack platform in Socket Mode (real Bolt against the fake Slack)', () => {
  it('connects with the app token through SLACK_API_URL and verifies the bot token', async () => {
    kit = await startKit('socket');
    expect(kit.platform.mode).toBe('socket');
    expect(kit.platform.httpPort()).toBeNull();
    const open = kit.fake.requests('apps.connections.open');
    expect(open).toHaveLength(1);
    expect(open[0]?.authorization).toBe(`Bearer ${FAKE_APP_TOKEN}`);
    expect(kit.fake.requests('auth.test')[0]?.authorization).toBe(`Bearer ${FAKE_BOT_TOKEN}`);
    expect(kit.fake.socket.openConnections()).toBe(1);
  });

  it('subscribe: acks the envelope, stores the subscription, replies ephemerally through response_url', async () => {
    kit = await startKit('socket');
    const { ack, payload } = await kit.fake.sendSocketCommand({
      // As Slack delivers it: typographic quotes from the desktop client, `&` escaped.
      text: 'subscribe \u201CBagram air base\u201D OR Taliban &amp; Kabul feed:reuters',
    });
    expect(ack.payload).toEqual({});
    const response = await waitFor(() => kit?.fake.state.responses[0], 'the ephemeral reply');
    expect(response.id).toBe(payload.response_url?.split('/').pop());
    expect(response.body.response_type).toBe('ephemeral');
    expect(replyText(response.body)).toContain('Subscribed: `');
    const subs = await kit.stores.subscriptions.list();
    expect(subs).toHaveLength(1);
    expect(subs[0]).toMatchObject({
      channel: 'afghanistan', query: '"Bagram air base" OR Taliban & Kabul', feeds: ['reuters'],
      source: 'command', createdBy: 'slack:U0STAFF001',
    });
    // Nothing was posted to the channel itself: the reply is for the user only.
    expect(kit.fake.state.messages).toHaveLength(0);
  });

  it('list then unsubscribe through the shared handlers', async () => {
    kit = await startKit('socket');
    await kit.fake.sendSocketCommand({ text: 'subscribe Taliban' });
    await waitFor(() => kit?.fake.state.responses.length === 1, 'subscribe reply');
    const [sub] = await kit.stores.subscriptions.list();
    expect(sub).toBeDefined();

    await kit.fake.sendSocketCommand({ text: 'list' });
    const listed = await waitFor(() => kit?.fake.state.responses[1], 'list reply');
    expect(replyText(listed.body)).toContain(sub?.id ?? 'missing');

    await kit.fake.sendSocketCommand({ text: `unsubscribe \`${sub?.id ?? ''}\`` });
    const removed = await waitFor(() => kit?.fake.state.responses[2], 'unsubscribe reply');
    expect(replyText(removed.body)).toContain('Unsubscribed');
    expect(await kit.stores.subscriptions.list()).toHaveLength(0);
  });

  it('no or unknown subcommand answers with help', async () => {
    kit = await startKit('socket');
    await kit.fake.sendSocketCommand({ text: '' });
    await kit.fake.sendSocketCommand({ text: 'frobnicate' });
    await waitFor(() => kit?.fake.state.responses.length === 2, 'two replies');
    for (const r of kit.fake.state.responses) {
      expect(replyText(r.body)).toContain('Alerts: query syntax');
      expect(replyText(r.body)).toContain('/alerts subscribe &lt;query&gt; [feed:&lt;id&gt;]');
    }
  });

  it('falls back to chat.postEphemeral when response_url fails', async () => {
    kit = await startKit('socket');
    kit.fake.failNext('response_url', { status: 500 });
    await kit.fake.sendSocketCommand({ text: 'help' });
    const eph = await waitFor(() => kit?.fake.state.ephemerals[0], 'postEphemeral fallback');
    expect(eph).toMatchObject({ channel: DESK_CHANNEL, user: 'U0STAFF001' });
    expect(kit.fake.state.responses).toHaveLength(0);
  });

  it('reconnects when Slack asks it to and keeps serving commands', async () => {
    kit = await startKit('socket');
    kit.fake.socket.requestReconnect();
    await waitFor(() => kit?.fake.socket.connections === 2 && kit.fake.socket.openConnections() === 1, 'a second connection', 15_000);
    expect(kit.fake.requests('apps.connections.open')).toHaveLength(2);
    await kit.fake.sendSocketCommand({ text: 'help' });
    await waitFor(() => kit?.fake.state.responses.length === 1, 'reply after reconnect');
  });

  it('answers the server\'s pings, and reconnects when they stop (a half-dead connection)', async () => {
    kit = await startKit('socket', { socket: { clientPingTimeoutMs: 2000, serverPingTimeoutMs: 800 } });
    const k = kit;
    k.fake.socket.setServerPings(100);
    await new Promise((r) => setTimeout(r, 1200));
    expect(k.fake.socket.connections).toBe(1);
    expect(k.fake.state.clientPings).toBeGreaterThan(0);
    k.fake.socket.setServerPings(null);
    await waitFor(() => k.fake.socket.connections === 2 && k.fake.socket.openConnections() === 1, 'a fresh connection', 15_000);
    await k.fake.sendSocketCommand({ text: 'help' });
    await waitFor(() => k.fake.state.responses.length === 1, 'reply on the new connection');
  });

  it('user text is escaped in replies too', async () => {
    kit = await startKit('socket');
    // Slack escapes what the user typed: `subscribe <!channel> OR` arrives as below.
    await kit.fake.sendSocketCommand({ text: 'subscribe &lt;!channel&gt; OR' });
    const reply = await waitFor(() => kit?.fake.state.responses[0], 'reply');
    expect(reply.rawBody).toContain('&lt;!channel&gt;');
    expect(reply.rawBody).not.toContain('<!channel>');
    expect(await kit.stores.subscriptions.list()).toHaveLength(0);
  });

  it('a bad app token fails start() loudly', async () => {
    kit = await startKit('socket', { appToken: 'xapp-1-wrong' }, { start: false });
    await expect(kit.platform.start(kit.commands)).rejects.toThrow(/invalid_auth/);
  });

  it('an app token revoked while running: the refused reconnect is logged, the process survives, alerts still post', async () => {
    kit = await startKit('socket');
    kit.fake.state.appToken = 'xapp-rotated';
    kit.fake.socket.requestReconnect();
    const k = kit;
    await waitFor(() => k.log.entries.find((e) => e.level === 'error' && /reconnect refused/.test(e.msg ?? '')), 'the error line', 15_000);
    expect(k.fake.requests('apps.connections.open').at(-1)?.error).toBe('invalid_auth');
    const result = await k.platform.deliver({
      alert: buildAlert(), target: { id: 'afghanistan', platform: 'slack', channel: DESK_CHANNEL, source: 'config' }, nonce: 'n', attempt: 1,
    });
    expect(result.ok).toBe(true);
  });

  it('tokens travel only in Authorization headers: never in bodies, replies, acks or log lines', async () => {
    kit = await startKit('socket');
    const k = kit;
    k.fake.failNext('chat.postMessage', { status: 500 }, { status: 429, retryAfter: 1 }, { error: 'invalid_auth' });
    k.fake.failNext('response_url', { status: 500 });
    await k.fake.sendSocketCommand({ text: 'subscribe Taliban' });
    await waitFor(() => k.fake.state.ephemerals.length === 1, 'fallback reply');
    const target = { id: 'afghanistan', platform: 'slack' as const, channel: DESK_CHANNEL, source: 'config' as const };
    for (let i = 0; i < 3; i++) await k.platform.deliver({ alert: buildAlert(), target, nonce: 'n', attempt: i + 1 });
    const sent = JSON.stringify([
      k.fake.state.requests.map((r) => r.rawBody), k.fake.state.responses, k.fake.state.acks, k.log.entries,
    ]);
    expect(k.log.entries.filter((e) => e.level === 'debug').length).toBeGreaterThan(10);
    for (const secret of [FAKE_BOT_TOKEN, FAKE_APP_TOKEN]) expect(sent).not.toContain(secret);
    const auth = new Set(k.fake.state.requests.map((r) => r.authorization));
    expect(auth).toEqual(new Set([`Bearer ${FAKE_BOT_TOKEN}`, `Bearer ${FAKE_APP_TOKEN}`]));
  });

  it('stop() closes the socket', async () => {
    kit = await startKit('socket');
    await kit.platform.stop();
    await waitFor(() => kit?.fake.socket.openConnections() === 0, 'socket closed');
  });

  it('a bad bot token fails start() loudly', async () => {
    kit = await startKit('socket', { botToken: 'xoxb-wrong' }, { start: false });
    await expect(kit.platform.start(kit.commands)).rejects.toThrow(/invalid_auth/);
  });
});
