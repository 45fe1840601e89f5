/** The JSON Schema editors use for config/newsbot.yaml, derived from the zod schema (input side: "20s", not 20000). */
import { z } from 'zod';
import type { PlatformSchemaPart } from './platform-schema.js';
import { buildConfigSchema } from './schema.js';

export const CONFIG_JSON_SCHEMA_PATH = 'config/newsbot.schema.json';

/** For the registered platforms (src/app passes them): their names, channel ids and permissions appear in it. */
export function buildConfigJsonSchema(platforms: readonly PlatformSchemaPart[]): Record<string, unknown> {
  const schema = z.toJSONSchema(buildConfigSchema(platforms), { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' });
  return {
    $schema: schema.$schema,
    title: 'newsbot configuration',
    ...Object.fromEntries(Object.entries(schema).filter(([key]) => key !== '$schema')),
  };
}

/** Exactly the bytes written to config/newsbot.schema.json. */
export function renderConfigJsonSchema(platforms: readonly PlatformSchemaPart[]): string {
  return `${JSON.stringify(buildConfigJsonSchema(platforms), null, 2)}\n`;
}
