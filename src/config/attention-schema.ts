/** Config parts for attention control: wire urgency of a feed, urgency floors of channels and subscriptions. */
import { z } from 'zod';
import { readDigestEvery } from '../core/attention/schedule.js';
import { URGENCY_LEVELS } from '../core/attention/urgency.js';
import { isTimeZone, readClockTime } from '../core/attention/zoned-time.js';
import { durationSchema, intSchema } from './schema-parts.js';

export function urgencyLevelSchema(description: string) {
  return z
    .enum(URGENCY_LEVELS, { error: `expected one of ${URGENCY_LEVELS.join(', ')}` })
    .describe(description);
}

// An XML element name as written in the feed (`priority`, `apcm:Priority`, `desk:level`).
const ELEMENT = /^[A-Za-z_][\w.-]*(:[A-Za-z_][\w.-]*)?$/;

export function feedUrgencySchema() {
  return z
    .strictObject({
      from: z
        .string({ error: 'expected "title-prefix" or an element name such as priority' })
        .regex(ELEMENT, 'expected "title-prefix" or an element name such as priority or apcm:Priority')
        .describe('Where the wire urgency is read: "title-prefix" (FLASH, URGENT, ALERTE … at the start of the headline) or one item element (read on the IPTC 1–9 scale, AP letters f/b/u/r or words).'),
    })
    .describe("This feed's wire urgency; default: urgency/priority elements, else the headline prefix.");
}

export function pingSchema() {
  return z
    .strictObject({
      role: z
        .union([z.string(), z.number().int()], { error: 'expected a Discord role id (digits) or a Slack user group id (S…)' })
        .transform((value) => String(value))
        .pipe(z.string().regex(/^(\d{17,20}|S[A-Z0-9]{4,})$/, 'expected a Discord role id (17–20 digits) or a Slack user group id (S…)'))
        .describe('Discord role id or Slack user group id (S…) to mention.'),
      minUrgency: urgencyLevelSchema('Mention only for stories at or above this wire urgency; default flash.').default('flash'),
    })
    .describe('Mention a role (Discord) or user group (Slack) on urgent stories; only this config can ping.');
}

/** `channels[].burst`: flood control. The window must be long enough to mean something and short enough to end. */
export function burstSchema() {
  return z
    .strictObject({
      max: intSchema(1, 100).describe('Alerts sent one by one per window; the rest of the window goes out as one digest.'),
      per: durationSchema()
        .refine((ms) => ms >= 1000 && ms <= 86_400_000, { error: 'expected a window from 1s to 24h, e.g. 2m' })
        .describe('The window, opened by the first alert after the previous one closed: 1s to 24h, e.g. 2m.'),
    })
    .describe('Flood control: past `max` alerts in `per`, further alerts collapse into one digest sent when the window closes.');
}

function clockTimeSchema(description: string) {
  return z
    .string({ error: 'expected a time of day like "22:00"' })
    .transform((text, ctx) => {
      const minute = readClockTime(text);
      if (minute === null) ctx.addIssue({ code: 'custom', message: `"${text}" is not a time of day (HH:MM, 00:00 to 23:59)` });
      return minute ?? 0;
    })
    .describe(description);
}

/** `channels[].quietHours`: a daily window in a time zone in which routine stories wait (or are dropped). */
export function quietHoursSchema() {
  return z
    .strictObject({
      from: clockTimeSchema('Start of the quiet window, "HH:MM" in tz.'),
      to: clockTimeSchema('End of the quiet window, "HH:MM" in tz; before from runs over midnight.'),
      tz: z
        .string({ error: 'expected an IANA time zone such as Asia/Kabul' })
        .refine(isTimeZone, { error: 'expected an IANA time zone such as Asia/Kabul or UTC' })
        .default('UTC')
        .describe('IANA time zone of from and to; default UTC.'),
      except: urgencyLevelSchema('Stories at or above this wire urgency are not held; default none (all are held).').optional(),
      held: z
        .enum(['digest', 'drop'], { error: 'expected digest or drop' })
        .default('digest')
        .describe('What happens to the held stories when the window ends: one digest (default) or nothing.'),
    })
    .describe('Quiet hours: stories queued in the window wait for its end and go out as one digest.');
}

/** `channels[].snooze`: what `/alerts snooze` does with the matches it holds. */
export function snoozeSchema() {
  return z
    .strictObject({
      held: z
        .enum(['digest', 'drop'], { error: 'expected digest or drop' })
        .default('digest')
        .describe("What a snoozed subscription's matches become when the snooze ends: one summary (default) or nothing."),
    })
    .describe('Snoozes (/alerts snooze) in this channel.');
}

/** `subscriptions[].every`: "1h", "30m" or "daily 08:00 Europe/Berlin". */
export function digestEverySchema() {
  return z
    .string({ error: 'expected an interval like 1h or "daily 08:00 Europe/Berlin"' })
    .transform((text, ctx) => {
      const every = readDigestEvery(text, isTimeZone);
      if ('error' in every) {
        ctx.addIssue({ code: 'custom', message: every.error });
        return { kind: 'interval' as const, ms: 3_600_000 };
      }
      return every;
    })
    .describe('How often a digest subscription sends: an interval of at least 1m (aligned to it) or "daily HH:MM [zone]".');
}
