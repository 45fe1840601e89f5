import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfigText } from '../../../src/app/registered-config.js';

const yaml = (template: string) => `store: memory://
channels:
  - id: desk
    platform: console
  - id: foreign
    platform: discord
    channel: "123456789012345678"
    template:
${template}
`;

function problemOf(text: string): ConfigError {
  try {
    parseConfigText(text, 'newsbot.yaml', {});
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('config accepted');
}

describe('channels[].template in the config', () => {
  it('parses into the template the platforms render', () => {
    const config = parseConfigText(yaml('      headline: "{{breaking}} {title}"\n      footer: ""'), 'newsbot.yaml', {});
    expect(config.channels[1]!.template).toEqual({
      headline: [{ kind: 'text', text: '{breaking} ' }, { kind: 'placeholder', name: 'title' }],
      body: [{ kind: 'placeholder', name: 'summary' }], fields: [], footer: null,
    });
    expect(config.channels[0]!.template).toBeUndefined();
  });

  it('names the file, line, key path and the unknown placeholder', () => {
    const error = problemOf(yaml('      headline: "{title}"\n      fields:\n        - name: When\n          value: "{published:relativ}"'));
    expect(error.message).toBe(
      'newsbot.yaml:12 channels[1].template.fields[0].value: unknown placeholder {published:relativ} at column 1 '
      + '(known: {title}, {feed}, {published:relative}, {published}, {matched}, {summary}, {link}, {urgency})',
    );
    expect(problemOf(yaml('      headline: "Alert {title"')).message).toMatch(/^newsbot\.yaml:9 channels\[1\]\.template\.headline: unclosed "\{" at column 7/);
    expect(problemOf(yaml('      heading: "{title}"')).message).toBe('newsbot.yaml:9 channels[1].template.heading: unknown key');
  });
});
