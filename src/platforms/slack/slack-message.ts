/** The shapes of what we post to Slack: Block Kit blocks and chat.postMessage arguments. */
export interface MrkdwnText { type: 'mrkdwn'; text: string }
export type SlackBlock =
  | { type: 'section'; text: MrkdwnText }
  | { type: 'section'; fields: MrkdwnText[] }
  | { type: 'context'; elements: MrkdwnText[] }
  | { type: 'divider' };

/** The chat.postMessage arguments for one alert, minus `channel`. */
export interface SlackAlertMessage {
  text: string;
  blocks: SlackBlock[];
  unfurl_links: false;
  unfurl_media: false;
}
