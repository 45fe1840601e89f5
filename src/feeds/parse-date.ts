// Zone abbreviations seen in wire feeds; V8 only knows the North American ones and GMT/UT/UTC.
const ZONES: Record<string, string> = {
  GMT: '+0000', UT: '+0000', UTC: '+0000', Z: '+0000', WET: '+0000', WEST: '+0100', BST: '+0100',
  CET: '+0100', CEST: '+0200', MET: '+0100', MEST: '+0200', EET: '+0200', EEST: '+0300', MSK: '+0300',
  IST: '+0530', PKT: '+0500', ICT: '+0700', HKT: '+0800', SGT: '+0800', JST: '+0900', KST: '+0900',
  AEST: '+1000', AEDT: '+1100', ACST: '+0930', AWST: '+0800', NZST: '+1200', NZDT: '+1300',
  EST: '-0500', EDT: '-0400', CST: '-0600', CDT: '-0500', MST: '-0700', MDT: '-0600', PST: '-0800',
  PDT: '-0700', AKST: '-0900', AKDT: '-0800', HST: '-1000', AST: '-0400', ADT: '-0300', NST: '-0330',
  BRT: '-0300', ART: '-0300',
};
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;
const RFC822 = /^(?:[A-Za-z]+,?\s+)?(\d{1,2})[\s-]+([A-Za-z]+)\.?[\s-]+(\d{2,4})(?:[\sT]+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?)?\s*([A-Za-z]{1,5}|[+-]\d{2}:?\d{2})?/;

/**
 * A feed date as ISO 8601 UTC, or null. Reads RFC 822/1123 (with many zone abbreviations, 2-digit years,
 * full month names), ISO 8601/W3C-DTF (zone-less times are taken as UTC), and epoch seconds or milliseconds.
 */
export function parseFeedDate(raw: string | null | undefined): string | null {
  const text = raw?.trim();
  // Real dates are short; a huge "date" is not one and must not cost regex time.
  if (!text || text.length > 100) return null;
  const ms = parseToMs(text);
  if (ms === null || Number.isNaN(ms)) return null;
  const year = new Date(ms).getUTCFullYear();
  if (year < 1970 || year > 2200) return null;
  return new Date(ms).toISOString();
}

function parseToMs(text: string): number | null {
  if (/^\d{9,13}$/.test(text)) return text.length <= 10 ? Number(text) * 1000 : Number(text);
  const iso = ISO.exec(text);
  if (iso) {
    const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '0', zone] = iso;
    const base = Date.UTC(+y!, +mo! - 1, +d!, +h, +mi, +s, Math.round(Number(`0.${frac}`) * 1000));
    return base - zoneOffsetMs(zone);
  }
  const rfc = RFC822.exec(text);
  if (rfc) {
    const [, d, monName, yRaw, h = '0', mi = '0', s = '0', zone] = rfc;
    const month = MONTHS.indexOf(monName!.slice(0, 3).toLowerCase());
    if (month >= 0) {
      let year = +yRaw!;
      if (yRaw!.length === 2) year += year < 50 ? 2000 : 1900;
      return Date.UTC(year, month, +d!, +h, +mi, +s) - zoneOffsetMs(zone);
    }
  }
  // Last resort for the rest ("June 5, 2023 10:00 PM"): V8's parser, forced to UTC when no zone is given.
  const hasZone = /(?:Z|[+-]\d{2}:?\d{2}|\b(?:GMT|UTC|UT|[ECMP][SD]T))\s*$/i.test(text);
  const ms = Date.parse(hasZone ? text : `${text} UTC`);
  return Number.isNaN(ms) ? Date.parse(text) : ms;
}

function zoneOffsetMs(zone: string | undefined): number {
  if (!zone) return 0;
  const named = ZONES[zone.toUpperCase()];
  const spec = named ?? zone;
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(spec);
  if (!m) return 0;
  const minutes = +m[2]! * 60 + +(m[3] ?? 0);
  return (m[1] === '-' ? -1 : 1) * minutes * 60_000;
}
