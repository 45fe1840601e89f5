// Architecture boundaries, checked by `npm test` (npm run lint:boundaries).
// core is pure; feeds, store, platforms, commands and config build on core only; app wires them.
const layer = (name) => `^src/${name}/`;
const edges = ['config', 'feeds', 'store', 'platforms', 'commands'];

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
      to: { path: `^src/(?!core/|${name}/)` },
    })),
    {
      name: 'platforms-do-not-import-each-other',
      comment: 'A new platform touches only platforms/<name>/ and the wiring.',
      severity: 'error',
      from: { path: '^src/platforms/([^/]+)/' },
      to: { path: '^src/platforms/', pathNot: ['^src/platforms/$1/', '^src/platforms/shared/'] },
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
