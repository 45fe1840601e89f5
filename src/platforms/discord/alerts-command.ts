/**
 * The `/alerts` application command as registered with Discord. default_member_permissions stays unset so
 * list/preview/help remain visible to everyone; subscribe/unsubscribe are authorised on our side per
 * interaction (see decide-may-manage.ts).
 */
const STRING = 3;
const SUBCOMMAND = 1;
const SUBCOMMAND_GROUP = 2;
const GUILD_CONTEXT = 0;
const GUILD_INSTALL = 0;

// Shared by `/alerts subscribe` and `/alerts me subscribe`.
const QUERY_OPTION = { type: STRING, name: 'query', description: 'e.g. Taliban OR "Bagram air base"', required: true, max_length: 500 } as const;
const FEED_OPTION = { type: STRING, name: 'feed', description: 'Limit to one feed', required: false, autocomplete: true } as const;
const SUBSCRIPTION_ID_OPTION = { type: STRING, name: 'id', description: 'Subscription id (see /alerts list)', required: true, autocomplete: true } as const;

export const ALERTS_COMMAND = {
  name: 'alerts',
  description: 'Wire-story alerts for this channel',
  type: 1,
  contexts: [GUILD_CONTEXT],
  integration_types: [GUILD_INSTALL],
  options: [
    {
      type: SUBCOMMAND,
      name: 'subscribe',
      description: 'Alert this channel when stories match a query',
      options: [QUERY_OPTION, FEED_OPTION],
    },
    {
      type: SUBCOMMAND,
      name: 'unsubscribe',
      description: "Remove one of this channel's subscriptions",
      options: [SUBSCRIPTION_ID_OPTION],
    },
    {
      type: SUBCOMMAND,
      name: 'snooze',
      description: 'Hold a subscription\'s alerts for a while; they arrive as one summary at the end',
      options: [
        SUBSCRIPTION_ID_OPTION,
        { type: STRING, name: 'duration', description: 'e.g. 30m, 2h, 1d (up to 7d)', required: true, max_length: 20 },
      ],
    },
    {
      type: SUBCOMMAND,
      name: 'unsnooze',
      description: 'End a snooze now; what it held arrives as one summary',
      options: [SUBSCRIPTION_ID_OPTION],
    },
    { type: SUBCOMMAND, name: 'list', description: "This channel's subscriptions" },
    {
      type: SUBCOMMAND,
      name: 'preview',
      description: 'Show recent stored stories a query matches, without subscribing',
      options: [{ type: STRING, name: 'query', description: 'e.g. Taliban -Pakistan', required: true, max_length: 500 }],
    },
    { type: SUBCOMMAND, name: 'help', description: 'Query syntax with examples' },
    {
      type: SUBCOMMAND_GROUP,
      name: 'me',
      description: 'Your own alerts, by direct message',
      options: [
        {
          type: SUBCOMMAND,
          name: 'subscribe',
          description: 'Alert you by direct message when stories match a query',
          options: [QUERY_OPTION, FEED_OPTION],
        },
        { type: SUBCOMMAND, name: 'list', description: 'Your direct-message subscriptions' },
        {
          type: SUBCOMMAND,
          name: 'unsubscribe',
          description: 'Remove one of your direct-message subscriptions',
          options: [{ type: STRING, name: 'id', description: 'Subscription id (see /alerts me list)', required: true }],
        },
      ],
    },
  ],
} as const;
