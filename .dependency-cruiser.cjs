// Architecture boundaries, checked by `npm test` (npm run lint:boundaries).
// core is pure; feeds, store, platforms, commands, config and net build on core only (feeds and platforms also on
// net); app wires them.
// A platform is one descriptor (src/platforms/<name>/descriptor.ts, contract in src/core/platform-descriptor.ts):
// only src/app/platforms.ts lists them, and config, commands and the rest get the list passed in.
const layer = (name) => `^src/${name}/`;
const edges = ['config', 'feeds', 'store', 'platforms', 'commands', 'net'];
// src/net (the outbound address policy and guarded connector) is shared by every edge that connects to URLs an
// admin wrote: feeds, and platforms that post to configured URLs (webhook).
const alsoAllowed = { feeds: ['net'], platforms: ['net'] };

module.exports = {
  forbidden: [
    {
      name: 'core-is-pure',
      comment: 'src/core imports nothing from the other folders and does no I/O.',
      severity: 'error',
      from: { path: layer('core') },
      to: { path: '^src/(?!core/)' },
    },
    {
      name: 'core-no-io-modules',
      comment: 'src/core does no I/O: no fs, net, http, child processes or databases.',
      severity: 'error',
      from: { path: layer('core') },
      to: { path: '^(node:)?(fs|net|http|https|http2|dns|child_process|worker_threads|undici|better-sqlite3|keyv|@keyv/.*|discord\\.js|@slack/.*)(/|$)', dependencyTypes: ['core', 'npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg', 'npm-unknown'] },
    },
    ...edges.map((name) => ({
      name: `${name}-builds-on-core-only`,
      comment: `src/${name} may import src/core and itself, never another edge or the app.`,
      severity: 'error',
      from: { path: layer(name) },
      to: { path: `^src/(?!${['core', name, ...(alsoAllowed[name] ?? [])].map((dir) => `${dir}/`).join('|')})` },
    })),
    {
      name: 'platforms-do-not-import-each-other',
      comment: 'A new platform touches only platforms/<name>/ and the wiring.',
      severity: 'error',
      from: { path: '^src/platforms/([^/]+)/', pathNot: '^src/platforms/discord-webhook/' },
      to: { path: '^src/platforms/', pathNot: ['^src/platforms/$1/', '^src/platforms/shared/'] },
    },
    {
      name: 'discord-webhook-reuses-the-discord-embed-only',
      comment: 'discord-webhook posts the embed the discord platform builds; nothing else of discord (no discord.js).',
      severity: 'error',
      from: { path: '^src/platforms/discord-webhook/' },
      to: { path: '^src/platforms/', pathNot: ['^src/platforms/discord-webhook/', '^src/platforms/shared/', '^src/platforms/discord/build-alert-message\\.ts$'] },
    },
    {
      name: 'shared-platform-code-is-platform-neutral',
      comment: 'src/platforms/shared serves every platform and names none.',
      severity: 'error',
      from: { path: '^src/platforms/shared/' },
      to: { path: '^src/platforms/(?!shared/)' },
    },
    {
      name: 'config-never-imports-platforms',
      comment: 'Config validates channels, permissions and the environment with the descriptor list src/app passes in.',
      severity: 'error',
      from: { path: '^src/config/' },
      to: { path: '^src/platforms/' },
    },
    {
      name: 'only-app-imports-platforms',
      comment: 'Platforms are wired in the composition root only (src/app/platforms.ts lists the descriptors).',
      severity: 'error',
      from: { path: '^src/(?!app/|platforms/)' },
      to: { path: '^src/platforms/' },
    },
    {
      name: 'app-imports-platform-descriptors-only',
      comment: 'The app reaches a platform through its descriptor (its factory loads the adapter), never its internals.',
      severity: 'error',
      from: { path: '^src/app/' },
      to: { path: '^src/platforms/', pathNot: '^src/platforms/[^/]+/descriptor\\.ts$' },
    },
    {
      name: 'core-uses-zod-for-types-only',
      comment: 'The descriptor contract names zod schema types; core never runs zod (config does the validating).',
      severity: 'error',
      from: { path: layer('core') },
      to: { path: '(^|/)node_modules/zod/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'src-never-imports-tests',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(tests|bench|scripts)/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
