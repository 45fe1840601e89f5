/**
 * Follow-up alerts (issue 14) as the app builds them: an update or correction of a story (new headline, the
 * "what changed" line as summary), its kill (the story's headline), and another feed's "also reported by".
 */
import type { Alert, ChannelTarget } from '../../../src/core/model.js';
import type { DeliveryRecord, DeliveryResult, FollowUpDelivery } from '../../../src/core/ports.js';

export const ROOT_ID = 'urn:afp:1';

/** A chat-safety headline: mentions of every kind, a masked link and markdown that must all stay inert. */
export const HOSTILE_HEADLINE = '@everyone @here <@&123> <!channel> <!here> **bold** ~~x~~ [R](http://evil) <http://evil|R>';

export function updateOf(first: Alert, over: Partial<Alert> = {}, whatChanged = 'Adds casualty figures from the ministry'): Alert {
  return {
    ...first,
    title: 'Taliban seize Bagram air base, ministry says 12 dead',
    summary: [{ kind: 'text', text: whatChanged }],
    firstSeenAt: first.firstSeenAt + 60_000,
    kind: 'update',
    followUp: { firstAlertId: first.id, firstTitle: first.title, whatChanged, version: 'v2' },
    ...over,
  };
}

export function correctionOf(first: Alert, whatChanged = 'Corrects the name of the base in the first paragraph'): Alert {
  const update = updateOf(first, {}, whatChanged);
  return { ...update, followUp: { ...update.followUp!, correction: true } };
}

export function killOf(first: Alert, over: Partial<Alert> = {}): Alert {
  return {
    ...first,
    title: first.title,
    summary: [],
    kind: 'kill',
    followUp: { firstAlertId: first.id, firstTitle: first.title },
    ...over,
  };
}

export function alsoOf(first: Alert, over: Partial<Alert> = {}): Alert {
  return {
    ...first,
    feed: 'reuters-world',
    feedName: 'Reuters World',
    feedUrl: 'https://feeds.example/reuters.xml',
    id: 'urn:reuters:77',
    title: 'Taliban fighters enter Bagram, the former US base',
    link: 'https://reuters.example/bagram',
    kind: 'also',
    followUp: { firstAlertId: first.id },
    ...over,
  };
}

/** The delivery record the outbox keeps for a delivered alert: what a follow-up's `original` is. */
export function recordOf(target: ChannelTarget, alert: Alert, result: DeliveryResult): DeliveryRecord {
  if (!result.ok) throw new Error(`the first alert was not delivered: ${result.error}`);
  return {
    channel: target.id, itemId: alert.id, platform: target.platform, messageId: result.messageId, ref: result.ref ?? {}, sentAt: 1,
  };
}

export function followUp(how: FollowUpDelivery['how'], original?: DeliveryRecord): FollowUpDelivery {
  return original ? { how, original } : { how };
}
