/** One embed of a message we post to Discord. */
import type { DiscordEmbedField } from './build-templated-embed.js';

export interface DiscordEmbed {
  title: string;
  url?: string;
  description?: string;
  fields?: DiscordEmbedField[];
  color: number;
  /** Shown above the title: the wire urgency label (FLASH, BULLETIN, URGENT). */
  author?: { name: string };
  footer?: { text: string };
  timestamp?: string;
}
