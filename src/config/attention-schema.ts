/** Config parts for attention control: wire urgency of a feed, urgency floors of channels and subscriptions. */
import { z } from 'zod';
import { URGENCY_LEVELS } from '../core/attention/urgency.js';

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
