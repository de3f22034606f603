// The layer rule of docs/contributing/architecture.md, checked by `npm run lint` (depcruise):
//   shared <- crypto, fs <- services <- workflows <- entry points (desktop + app, preview, cli)
// A service is any folder of src/main that is not one of the others. Type-only imports count: with
// tsPreCompilationDeps they are edges like any other, so a type-only cycle fails too.
// test/unit/layers.test.ts runs this file against a tree that breaks each rule.

const ENTRY = '^src/main/(desktop|app|preview)/|^src/cli/'
const NOT_A_SERVICE = 'crypto|fs|workflows|desktop|app|preview'

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      comment: 'No import cycles anywhere, type-only imports included.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'shared-is-pure',
      comment: 'src/shared is the contract between processes: no Node, no Electron, nothing of ours outside it.',
      severity: 'error',
      from: { path: '^src/shared/' },
      to: { pathNot: '^src/shared/|node_modules/zod/' },
    },
    {
      name: 'crypto-is-a-leaf',
      comment: 'crypto builds on shared and fs only.',
      severity: 'error',
      from: { path: '^src/main/crypto/' },
      to: { path: '^src/', pathNot: '^src/(shared|main/crypto|main/fs)/' },
    },
    {
      name: 'fs-is-a-leaf',
      comment: 'The file helpers build on shared only.',
      severity: 'error',
      from: { path: '^src/main/fs/' },
      to: { path: '^src/', pathNot: '^src/(shared|main/fs)/' },
    },
    {
      name: 'services-below-workflows',
      comment: 'Services (numerbay, signers, vault, downloads, workers, ...) know nothing of workflows or entry points.',
      severity: 'error',
      from: { path: `^src/main/(?!(${NOT_A_SERVICE})/)[^/]+/` },
      to: { path: `^src/main/workflows/|${ENTRY}|^src/demo-server/` },
    },
    {
      name: 'workflows-below-entry-points',
      comment: 'A workflow takes its dependencies as arguments; it never reaches up into an entry point.',
      severity: 'error',
      from: { path: '^src/main/workflows/' },
      to: { path: `${ENTRY}|^src/demo-server/` },
    },
    {
      name: 'desktop-below-app-and-preview',
      comment: 'The desktop handlers serve both Electron and the browser preview, so they import neither.',
      severity: 'error',
      from: { path: '^src/main/desktop/' },
      to: { path: '^src/main/(app|preview)/|^src/cli/' },
    },
    {
      name: 'preview-apart-from-app',
      comment: 'The browser preview runs without Electron: nothing from the Electron glue.',
      severity: 'error',
      from: { path: '^src/main/preview/' },
      to: { path: '^src/main/app/|^src/cli/' },
    },
    {
      name: 'cli-apart-from-the-desktop',
      comment: 'The CLI calls workflows and services, never the desktop handlers or the Electron glue.',
      severity: 'error',
      from: { path: '^src/cli/' },
      to: { path: '^src/main/(desktop|app|preview)/' },
    },
    {
      name: 'demo-server-is-a-service',
      comment: 'The demo server uses shared, crypto and signers; entry points start it.',
      severity: 'error',
      from: { path: '^src/demo-server/' },
      to: { path: `^src/main/workflows/|${ENTRY}` },
    },
    {
      name: 'only-app-imports-electron',
      comment: 'Everything but the Electron glue (and the preload) runs under plain Node: the CLI, the preview, the tests.',
      severity: 'error',
      from: { pathNot: '^src/main/app/|^src/preload/' },
      to: { path: '^electron$|node_modules/electron/' },
    },
    {
      name: 'renderer-is-sealed',
      comment: 'The renderer talks to main only through the preload API: it imports shared and its own code.',
      severity: 'error',
      from: { path: '^src/renderer/' },
      to: { path: '^src/', pathNot: '^src/(renderer|shared)/' },
    },
    {
      name: 'renderer-has-no-node',
      comment: 'The renderer runs sandboxed in a browser context: no Node built-ins.',
      severity: 'error',
      from: { path: '^src/renderer/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'preload-is-thin',
      comment: 'The preload exposes the contract by name and nothing else.',
      severity: 'error',
      from: { path: '^src/preload/' },
      to: { path: '^src/', pathNot: '^src/(preload|shared)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.node.json' },
    enhancedResolveOptions: {
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json'],
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
    },
    exclude: { path: '\\.d\\.ts$' },
  },
}
