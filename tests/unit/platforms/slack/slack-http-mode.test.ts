import { afterEach, describe, expect, it } from 'vitest';
import { postSignedCommand, signSlackRequest } from '../../../fakes/slack/sign-slack-request.js';
import { waitFor } from '../../../fakes/slack/wait-for.js';
import { eventsUrl, replyText, SIGNING_SECRET, startKit, type Kit } from './slack-test-kit.js';

let kit: Kit | undefined;
afterEach(async () => {
  await kit?.close();
  kit = undefined;
});

const nowSec = () => Math.floor(Date.now() / 1000);

describe('Slack platform in HTTP mode (real Bolt HTTPReceiver, signed requests)', () => {
  it('serves a correctly signed slash command: 200, subscription stored, ephemeral reply', async () => {
    kit = await startKit('http');
    expect(kit.platform.mode).toBe('http');
    expect(kit.platform.httpPort()).toBeGreaterThan(0);
    const payload = kit.fake.buildSlashCommand({ text: 'subscribe Taliban -Pakistan' });
    const res = await postSignedCommand(eventsUrl(kit), payload, { signingSecret: SIGNING_SECRET });
    expect(res.status).toBe(200);
    const reply = await waitFor(() => kit?.fake.state.responses[0], 'ephemeral reply');
    expect(reply.body.response_type).toBe('ephemeral');
    expect(replyText(reply.body)).toContain('Subscribed');
    expect(await kit.stores.subscriptions.list()).toEqual([
      expect.objectContaining({ channel: 'afghanistan', query: 'Taliban -Pakistan', createdBy: 'slack:U0STAFF001' }),
    ]);
  });

  const forged: Array<[string, (body: string) => { timestampSec?: number; signature?: string | null }]> = [
    ['a bad signature', () => ({ signature: signSlackRequest('not-the-secret', nowSec(), 'x') })],
    ['a signature of a different body', () => ({ signature: signSlackRequest(SIGNING_SECRET, nowSec(), 'text=list') })],
    ['no signature', () => ({ signature: null })],
    ['a timestamp older than 5 minutes (correctly signed)', () => ({ timestampSec: nowSec() - 6 * 60 })],
  ];

  for (const [name, forge] of forged) {
    it(`answers 401 and changes nothing for ${name}`, async () => {
      kit = await startKit('http');
      const before = kit.fake.state.requests.length;
      const payload = kit.fake.buildSlashCommand({ text: 'subscribe Taliban' });
      const res = await postSignedCommand(eventsUrl(kit), payload, { signingSecret: SIGNING_SECRET, ...forge('') });
      expect(res.status).toBe(401);
      // Give a wrongly accepted command time to show up before asserting it did not.
      await postSignedCommand(eventsUrl(kit), kit.fake.buildSlashCommand({ text: 'help' }), { signingSecret: SIGNING_SECRET });
      await waitFor(() => kit?.fake.state.responses.length === 1, 'the control command reply');
      expect(kit.fake.state.responses.map((r) => replyText(r.body))).toEqual([expect.stringContaining('query syntax')]);
      expect(await kit.stores.subscriptions.list()).toEqual([]);
      expect(kit.fake.state.requests.length).toBe(before);
      expect(kit.log.entries.some((e) => e.level === 'warn' && /verify/i.test(e.msg ?? ''))).toBe(true);
    });
  }

  it('a fresh timestamp just inside the window is accepted', async () => {
    kit = await startKit('http');
    const payload = kit.fake.buildSlashCommand({ text: 'help' });
    const res = await postSignedCommand(eventsUrl(kit), payload, { signingSecret: SIGNING_SECRET, timestampSec: nowSec() - 4 * 60 });
    expect(res.status).toBe(200);
    await waitFor(() => kit?.fake.state.responses.length === 1, 'reply');
  });

  it('a port already in use fails start(); stop() after that is harmless', async () => {
    kit = await startKit('http');
    const second = await startKit('http', { port: kit.platform.httpPort() ?? 1 }, { start: false });
    try {
      await expect(second.platform.start(second.commands)).rejects.toThrow(/EADDRINUSE/);
    } finally {
      await second.close();
    }
  });

  it('requires a signing secret or an app token', async () => {
    const { createSlackPlatform } = await import('../../../../src/platforms/slack/create-slack-platform.js');
    const log = { debug() {}, info() {}, warn() {}, error() {} };
    expect(() => createSlackPlatform({ botToken: 'xoxb-1', permissions: {}, log, clock: { now: () => 0 } }))
      .toThrow(/SLACK_APP_TOKEN|SLACK_SIGNING_SECRET/);
    expect(() => createSlackPlatform({ botToken: 'xoxb-1', appToken: 'xoxb-2', permissions: {}, log, clock: { now: () => 0 } }))
      .toThrow(/xapp-/);
  });
});
