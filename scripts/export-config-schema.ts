// Writes config/newsbot.schema.json from the zod schema in src/config/schema.ts and the registered platforms.
// `tsx scripts/export-config-schema.ts --check` exits 1 when the file is out of date instead of writing it.
import { readFileSync, writeFileSync } from 'node:fs';
import { defaultPlatforms } from '../src/app/platforms.js';
import { CONFIG_JSON_SCHEMA_PATH, renderConfigJsonSchema } from '../src/config/config-json-schema.js';

const rendered = renderConfigJsonSchema(defaultPlatforms);
if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(CONFIG_JSON_SCHEMA_PATH, 'utf8');
  } catch {
    // missing counts as out of date
  }
  if (current !== rendered) {
    console.error(`${CONFIG_JSON_SCHEMA_PATH} is out of date: run npx tsx scripts/export-config-schema.ts`);
    process.exit(1);
  }
  console.error(`${CONFIG_JSON_SCHEMA_PATH} is up to date`);
} else {
  writeFileSync(CONFIG_JSON_SCHEMA_PATH, rendered);
  console.error(`wrote ${CONFIG_JSON_SCHEMA_PATH}`);
}
