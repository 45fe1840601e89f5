/** Values the stores keep as JSON text: a damaged or foreign value reads as absent (undefined), never a throw. */
export function decodeStoredJson(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return undefined;
  }
}
