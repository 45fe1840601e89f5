// Urgency from feed to message: config keys (with their line-numbered errors), routing floors in buildAlerts,
// the console document's key, and the Discord / Slack label and colour.
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfigText } from '../../../src/app/registered-config.js';
import { settingsFromConfig } from '../../../src/app/settings-from-config.js';
import { buildAlertDocument } from '../../../src/core/alerts/alert-document.js';
import { buildAlerts } from '../../../src/core/alerts/build-alerts.js';
import type { Urgency } from '../../../src/core/attention/urgency.js';
import type { Article, Subscription } from '../../../src/core/model.js';
import { buildAlertMessage, pickFeedColor } from '../../../src/platforms/discord/build-alert-message.js';
import { formatAlertMessage } from '../../../src/platforms/slack/format-alert-message.js';
import { buildAlert } from '../platforms/slack/alert-fixtures.js';

const CONFIG = `feeds:
  - id: wire
    url: https://wire.example/a.xml
    urgency: { from: "apcm:Priority" }
channels:
  - id: flash-desk
    platform: console
    minUrgency: bulletin
  - id: desk
    platform: console
subscriptions:
  - id: kabul-flash
    channel: desk
    query: Kabul
    minUrgency: flash
  - id: kabul-all
    channel: desk
    query: Kabul
  - id: kabul-bulletins
    channel: flash-desk
    query: Kabul
`;

const article: Article = { feedId: 'wire', id: 'x1', title: 'Kabul', body: '', link: null, published: null, author: null, categories: [] };

function route(urgency: Urgency): Record<string, string[]> {
  const settings = settingsFromConfig(parseConfigText(CONFIG, 'f.yaml', {}));
  const subscriptions = new Map<string, Subscription>(settings.subscriptions.map((s) => [s.id, s]));
  const floors = new Map(settings.channels.flatMap((c) => (c.minUrgency ? [[c.id, c.minUrgency] as const] : [])));
  const alerts = buildAlerts({
    feed: { id: 'wire', name: 'Wire', url: 'https://wire.example/a.xml' }, article, title: 'Kabul', firstSeenAt: 1,
    hits: [...subscriptions.keys()].map((id) => ({ id, matched: ['Kabul'] })), subscriptions, summarize: () => [], urgency, channelFloors: floors,
  });
  return Object.fromEntries(alerts.map((a) => [a.channel, a.subscriptions]));
}

describe('routing by urgency', () => {
  it('subscription and channel floors let only urgent enough stories through', () => {
    expect(route('routine')).toEqual({ desk: ['kabul-all'] });
    expect(route('bulletin')).toEqual({ desk: ['kabul-all'], 'flash-desk': ['kabul-bulletins'] });
    expect(route('flash')).toEqual({ desk: ['kabul-flash', 'kabul-all'], 'flash-desk': ['kabul-bulletins'] });
  });

  it('the feed rule reaches the poller settings', () => {
    const settings = settingsFromConfig(parseConfigText(CONFIG, 'f.yaml', {}));
    expect(settings.feeds[0]!.urgency).toEqual({ from: 'apcm:Priority' });
  });

  it.each([
    ['bad level', CONFIG.replace('minUrgency: flash', 'minUrgency: FLASH!'), 'f.yaml:15 subscriptions[0].minUrgency: expected one of routine, urgent, bulletin, flash'],
    ['bad channel level', CONFIG.replace('minUrgency: bulletin', 'minUrgency: high'), 'f.yaml:8 channels[0].minUrgency: expected one of routine, urgent, bulletin, flash'],
    ['bad element', CONFIG.replace('"apcm:Priority"', '"<priority>"'), 'f.yaml:4 feeds[0].urgency.from: expected "title-prefix" or an element name such as priority or apcm:Priority'],
    ['unknown urgency key', CONFIG.replace('{ from: "apcm:Priority" }', '{ form: priority }'), 'f.yaml:4 feeds[0].urgency.from: required'],
  ])('%s is a line-numbered config error', (_name, yaml, message) => {
    expect(() => parseConfigText(yaml, 'f.yaml', {})).toThrow(ConfigError);
    expect(() => parseConfigText(yaml, 'f.yaml', {})).toThrow(message);
  });
});

describe('urgency in messages', () => {
  it('the console document gains `urgency` after every existing key, routine when unknown', () => {
    const doc = buildAlertDocument(buildAlert({ urgency: 'flash' }));
    expect(Object.keys(doc).slice(-2)).toEqual(['kind', 'urgency']);
    expect(doc['urgency']).toBe('flash');
    expect(buildAlertDocument(buildAlert())['urgency']).toBe('routine');
  });

  it('Discord shows the label above the headline in the urgency colour; routine keeps the feed colour', () => {
    const flash = buildAlertMessage(buildAlert({ urgency: 'flash' }), 'n', 0x123456).embeds[0]!;
    expect(flash.author).toEqual({ name: 'FLASH' });
    expect(flash.color).toBe(0xd50000);
    const routine = buildAlertMessage(buildAlert({ urgency: 'routine' }), 'n').embeds[0]!;
    expect(routine.author).toBeUndefined();
    expect(routine.color).toBe(pickFeedColor(buildAlert().feed));
    expect(buildAlertMessage(buildAlert({ urgency: 'flash' }), 'n').allowed_mentions).toEqual({ parse: [] });
  });

  it('Slack starts the headline and the notification text with the label', () => {
    const msg = formatAlertMessage(buildAlert({ urgency: 'bulletin' }));
    expect(JSON.stringify(msg.blocks[0])).toContain('BULLETIN · *');
    expect(msg.text.startsWith('BULLETIN · ')).toBe(true);
    expect(formatAlertMessage(buildAlert()).text).not.toContain('·');
  });
});

describe('channels[].ping in the config', () => {
  const withPing = (ping: string) => CONFIG.replace('    minUrgency: bulletin\n', `    minUrgency: bulletin\n    ping: ${ping}\n`);

  it('reads a role and defaults minUrgency to flash', () => {
    const settings = settingsFromConfig(parseConfigText(withPing('{ role: "555555555555555555" }'), 'f.yaml', {}));
    expect(settings.channels[0]!.ping).toEqual({ role: '555555555555555555', minUrgency: 'flash' });
  });

  it('refuses a role that is no Discord role or Slack user group id, naming the line', () => {
    expect(() => parseConfigText(withPing('{ role: "@everyone" }'), 'f.yaml', {})).toThrow(
      'f.yaml:9 channels[0].ping.role: expected a Discord role id (17–20 digits) or a Slack user group id (S…)',
    );
  });
});

describe('subscriptions[].ping', () => {
  it('puts the subscription\'s role on alerts urgent enough for it', () => {
    const yaml = CONFIG.replace('    minUrgency: flash\n', '    minUrgency: flash\n    ping: { role: "555555555555555555", minUrgency: flash }\n');
    const settings = settingsFromConfig(parseConfigText(yaml, 'f.yaml', {}));
    const subscriptions = new Map<string, Subscription>(settings.subscriptions.map((s) => [s.id, s]));
    const alertsAt = (urgency: Urgency) => buildAlerts({
      feed: { id: 'wire', name: 'Wire', url: 'https://wire.example/a.xml' }, article, title: 'Kabul', firstSeenAt: 1,
      hits: [{ id: 'kabul-flash', matched: ['Kabul'] }, { id: 'kabul-all', matched: ['Kabul'] }], subscriptions, summarize: () => [], urgency,
    });
    expect(alertsAt('flash')[0]!.pings).toEqual(['555555555555555555']);
    expect(alertsAt('bulletin')[0]!.pings).toBeUndefined();
  });
});
