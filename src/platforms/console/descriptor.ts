/** The console platform: alerts as JSON lines on stdout. No channel id, no environment, no slash commands. */
import { definePlatform } from '../../core/platform-descriptor.js';
import { createConsolePlatform } from './create-console-platform.js';

export const consolePlatform = definePlatform({
  name: 'console',
  create: ({ stdout }) => createConsolePlatform(stdout),
});
