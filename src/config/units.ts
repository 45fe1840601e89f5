/**
 * Human-friendly durations ("500ms", "10s", "5m", "6h", "30d") and sizes ("10MiB", "512KB") used throughout
 * the config. Numbers are taken as milliseconds / bytes so generated configs can stay numeric.
 */

const DURATION_UNITS: Record<string, number> = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

const SIZE_UNITS: Record<string, number> = {
  b: 1,
  kb: 1_000,
  mb: 1_000_000,
  gb: 1_000_000_000,
  kib: 1_024,
  mib: 1_048_576,
  gib: 1_073_741_824,
};

// A bare number in a string ("20000", e.g. from ${TIMEOUT_MS}) means milliseconds / bytes, like a YAML number.
export const DURATION_PATTERN = '^\\s*\\d+(\\.\\d+)?\\s*(ms|s|m|h|d|w)?\\s*$';
export const SIZE_PATTERN = '^\\s*\\d+(\\.\\d+)?\\s*([kKmMgG]i?[bB]|[bB])?\\s*$';

/** Milliseconds, or null when the text is not a duration. Fractions are allowed ("1.5h"). */
export function parseDuration(value: string | number): number | null {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? Math.round(value) : null;
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)?\s*$/.exec(value);
  if (!match) return null;
  return Math.round(Number(match[1]) * (DURATION_UNITS[match[2] ?? 'ms'] ?? Number.NaN));
}

/** Bytes, or null when the text is not a size. */
export function parseSize(value: string | number): number | null {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? Math.round(value) : null;
  const match = /^\s*(\d+(?:\.\d+)?)\s*([kmg]i?b|b)?\s*$/i.exec(value);
  if (!match) return null;
  return Math.round(Number(match[1]) * (SIZE_UNITS[(match[2] ?? 'b').toLowerCase()] ?? Number.NaN));
}

/** The shortest exact human form of a duration in ms ("90000" → "90s"), for summaries and docs. */
export function formatDuration(ms: number, largest: 'w' | 'd' = 'w'): string {
  for (const unit of (['w', 'd', 'h', 'm', 's'] as const).slice(largest === 'w' ? 0 : 1)) {
    const size = DURATION_UNITS[unit]!;
    if (ms >= size && ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${ms}ms`;
}

/** The shortest exact binary form of a size in bytes (10485760 → "10MiB"), for the schema's defaults. */
export function formatSize(bytes: number): string {
  for (const [unit, size] of [['GiB', SIZE_UNITS.gib!], ['MiB', SIZE_UNITS.mib!], ['KiB', SIZE_UNITS.kib!]] as const) {
    if (bytes >= size && bytes % size === 0) return `${bytes / size}${unit}`;
  }
  return `${bytes}B`;
}
