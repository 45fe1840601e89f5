/** The JSON Schema editors use for config/newsbot.yaml, derived from the zod schema (input side: "20s", not 20000). */
import { z } from 'zod';
import { configSchema } from './schema.js';

export const CONFIG_JSON_SCHEMA_PATH = 'config/newsbot.schema.json';

export function buildConfigJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' });
  return {
    $schema: schema.$schema,
    title: 'newsbot configuration',
    ...Object.fromEntries(Object.entries(schema).filter(([key]) => key !== '$schema')),
  };
}

/** Exactly the bytes written to config/newsbot.schema.json. */
export function renderConfigJsonSchema(): string {
  return `${JSON.stringify(buildConfigJsonSchema(), null, 2)}\n`;
}
