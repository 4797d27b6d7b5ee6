// Lint holds the architecture's lines (docs/architecture.md, "Lines lint holds"): web-llm only in
// the worker, idb only in the IndexedDB adapter, and per folder which folders it may import, so
// dependencies point one way. `scripts/check-folders.mjs` (run by `npm run lint` after ESLint)
// fails on any folder cycle these per-folder lists might still let through.
import js from '@eslint/js';
import ts from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';

/** An import pattern that is forbidden; `types: true` lets `import type` through. */
const ban = (group, message, types = false) => ({ group, message, allowTypeImports: types, caseSensitive: true });
const restrict = (...patterns) => ({ '@typescript-eslint/no-restricted-imports': ['error', { patterns }] });
/**
 * Relative imports of the folder `name` ('../name/x', '../../lib/name/x', or its index '../name').
 * A sibling file of the same name ('./stats') is not the folder.
 */
const folder = (name) => [`**/${name}/**`, `../${name}`, `../../${name}`, `../../lib/${name}`, `../../../lib/${name}`];

const WEBLLM = ban(
  ['@mlc-ai/web-llm'],
  'web-llm is loaded only inside the inference worker (src/lib/engine/webllm/worker.ts).',
  true,
);
const IDB = ban(['idb'], 'Only src/lib/storage/idb.ts talks to IndexedDB.', true);
const ADAPTERS = ban(
  ['**/engine/webllm/*', '**/storage/idb*', '**/datasets/load*'],
  'Pure layers get adapters handed in; import their types only.',
  true,
);
const UI = ban(
  [...folder('views'), ...folder('ui'), ...folder('state'), ...folder('cli'), '*.svelte'],
  'The library (src/lib) never depends on the app around it: state, ui, views, cli.',
);
/** Every src/lib folder but the given ones, as one banned group. */
const LIB = [
  'core',
  'engine',
  'stats',
  'benchmarks',
  'datasets',
  'runner',
  'results',
  'storage',
  'charts',
  'explorer',
  'study',
];
const onlyLib = (allowed, why) => ban(LIB.filter((f) => !allowed.includes(f)).flatMap(folder), why);

export default ts.config(
  { ignores: ['dist/', 'dist-base-test/', 'node_modules/', '.vitest-results/', 'test/fixtures/**/*.svg'] },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-empty': ['error', { allowEmptyCatch: false }],
      // Maps and Sets here are local to a computation or deliberately non-reactive caches.
      'svelte/prefer-svelte-reactivity': 'off',
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: ts.parser, extraFileExtensions: ['.svelte'] } },
  },
  // Everywhere in src/: web-llm and idb only in their one module. Later entries replace this
  // list per folder (ESLint keeps the last matching entry of a rule), so each repeats them.
  { files: ['src/**/*.{ts,svelte}'], rules: restrict(WEBLLM, IDB) },
  { files: ['src/compose.ts'], rules: restrict(WEBLLM) },

  // src/lib: the library. core is the vocabulary and imports nothing from lib.
  {
    files: ['src/lib/core/**/*.ts'],
    rules: restrict(WEBLLM, IDB, UI, onlyLib([], 'core is the shared vocabulary: it imports nothing from src/lib.')),
  },
  { files: ['src/lib/stats/**/*.ts'], rules: restrict(WEBLLM, IDB, UI, onlyLib(['core'], 'stats imports only core.')) },
  {
    files: ['src/lib/engine/**/*.ts'],
    ignores: ['src/lib/engine/webllm/worker.ts'],
    rules: restrict(WEBLLM, IDB, UI, onlyLib(['core'], 'engine imports only core.')),
  },
  {
    files: ['src/lib/engine/webllm/worker.ts'],
    rules: restrict(IDB, UI, onlyLib(['core'], 'engine imports only core.')),
  },
  {
    files: ['src/lib/storage/**/*.ts'],
    ignores: ['src/lib/storage/idb.ts'],
    rules: restrict(WEBLLM, IDB, UI, onlyLib(['core'], 'storage imports only core.')),
  },
  { files: ['src/lib/storage/idb.ts'], rules: restrict(WEBLLM, UI, onlyLib(['core'], 'storage imports only core.')) },
  {
    files: ['src/lib/charts/**/*.ts'],
    rules: restrict(
      WEBLLM,
      IDB,
      UI,
      onlyLib(['core'], 'charts is a kit that knows no benchmark: no registry, engine or other lib folder, only core.'),
    ),
  },
  {
    files: ['src/lib/benchmarks/**/*.ts'],
    ignores: ['src/lib/benchmarks/**/present.ts'],
    rules: restrict(
      WEBLLM,
      IDB,
      UI,
      ADAPTERS,
      onlyLib(
        ['core', 'stats', 'engine'],
        'benchmarks import core, stats and engine types; only a present.ts imports charts.',
      ),
    ),
  },
  {
    files: ['src/lib/benchmarks/**/present.ts'],
    rules: restrict(
      WEBLLM,
      IDB,
      UI,
      ADAPTERS,
      onlyLib(['core', 'stats', 'engine', 'charts'], 'a present.ts draws with the chart kit and its own benchmark.'),
    ),
  },
  {
    files: ['src/lib/datasets/**/*.ts'],
    rules: restrict(
      WEBLLM,
      IDB,
      UI,
      onlyLib(['core', 'benchmarks', 'storage'], 'datasets import core, benchmark sources and the storage port.'),
    ),
  },
  {
    files: ['src/lib/runner/**/*.ts'],
    rules: restrict(
      WEBLLM,
      IDB,
      UI,
      ADAPTERS,
      onlyLib(
        ['core', 'stats', 'engine', 'benchmarks', 'storage'],
        'the runner sees core, benchmarks and the engine and storage ports; results and presentation come after it.',
      ),
    ),
  },
  {
    files: ['src/lib/results/**/*.ts'],
    rules: restrict(
      WEBLLM,
      IDB,
      UI,
      ADAPTERS,
      onlyLib(
        ['core', 'stats', 'benchmarks'],
        'results turn stored trials into metric rows with the benchmarks: core, stats, benchmarks only.',
      ),
    ),
  },
  {
    files: ['src/lib/study/**/*.ts'],
    rules: restrict(
      WEBLLM,
      IDB,
      UI,
      ADAPTERS,
      onlyLib(['core', 'engine'], "a study merges runs' metric rows with their models' facts: core and engine only."),
    ),
  },
  {
    files: ['src/lib/explorer/**/*.ts'],
    rules: restrict(
      WEBLLM,
      IDB,
      UI,
      ADAPTERS,
      ban(folder('charts'), 'the explorer takes chart points as a type only.', true),
      onlyLib(
        ['core', 'engine', 'benchmarks', 'runner', 'charts'],
        'the explorer reads stored trials with core, benchmarks and the prompt hash.',
      ),
    ),
  },

  // The app around the library: state never imports ui; ui takes props (state types only);
  // the CLI never imports the page.
  {
    files: ['src/state/**/*.ts'],
    rules: restrict(
      WEBLLM,
      IDB,
      ban(
        [...folder('ui'), ...folder('views'), ...folder('cli'), '**/[A-Z]*.svelte'],
        'state never imports ui, views or cli: components get state as props.',
      ),
    ),
  },
  {
    files: ['src/ui/**/*.{ts,svelte}'],
    rules: restrict(
      WEBLLM,
      IDB,
      ban([...folder('views'), ...folder('cli')], 'ui never imports views or cli.'),
      ban(folder('state'), 'ui takes props and gives callbacks: it may import state types, never state values.', true),
    ),
  },
  {
    files: ['src/views/**/*.{ts,svelte}'],
    rules: restrict(WEBLLM, IDB, ban(folder('cli'), 'views never import cli.')),
  },
  {
    files: ['src/cli/**/*.ts'],
    rules: restrict(
      WEBLLM,
      IDB,
      ban(
        [...folder('state'), ...folder('ui'), ...folder('views'), ...folder('sw'), '**/[A-Z]*.svelte'],
        'the CLI runs the library in Node: never state, ui or views.',
      ),
    ),
  },
);
