/**
 * `channels[].template`: the message layout of one channel. The strings are parsed here with core's template
 * parser, so check-config names the key (and through it the line) and the unknown placeholder; the parsed
 * template is what the platforms receive.
 */
import { z } from 'zod';
import { compileAlertTemplate, KNOWN_PLACEHOLDERS_TEXT } from '../core/template/parse-template.js';

/** Slack shows at most 10 section fields; Discord allows 25, but one layout serves both. */
export const TEMPLATE_FIELDS_MAX = 10;

const text = (description: string) => z.string({ error: 'expected a template string, e.g. "{title}"' }).describe(description);

export function templateSchema() {
  return z
    .strictObject({
      headline: text('First line, linked to the story; default "{title}".').optional(),
      body: text('Main text; default "{summary}"; "" for none.').optional(),
      fields: z
        .array(z.strictObject({ name: text('Field label.'), value: text('Field text.') }), { error: 'expected a list of { name, value }' })
        .max(TEMPLATE_FIELDS_MAX, `at most ${TEMPLATE_FIELDS_MAX} fields`)
        .optional()
        .describe('Labelled fields shown under the body (Discord embed fields, Slack section fields).'),
      footer: text('Last line, no formatting; default "{feed}"; "" for none.').optional(),
    })
    .transform((source, ctx) => {
      const { template, problems } = compileAlertTemplate(source);
      for (const problem of problems) ctx.addIssue({ code: 'custom', path: problem.path, message: problem.detail });
      return template;
    })
    .describe(`Message layout for Discord and Slack channels. Placeholders: ${KNOWN_PLACEHOLDERS_TEXT}; {{ and }} for literal braces.`);
}
