// Lint holds the architecture's lines (docs/architecture.md): web-llm only in the worker,
// idb only in the IndexedDB adapter, pure layers free of I/O and UI.
import js from '@eslint/js';
import ts from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';

const restrict = (patterns) => ({
  '@typescript-eslint/no-restricted-imports': ['error', { patterns: patterns.map((p) => ({ ...p, allowTypeImports: true })) }],
});

const WEBLLM = { group: ['@mlc-ai/web-llm'], message: 'web-llm is loaded only inside the inference worker (src/lib/engine/webllm/worker.ts).' };
const IDB = { group: ['idb'], message: 'Only src/lib/storage/idb.ts talks to IndexedDB.' };
const UI = { group: ['**/views/**', '**/ui/**', '**/state/**', '*.svelte'], message: 'Pure layers must not depend on the UI.' };
const ADAPTERS = { group: ['**/engine/webllm/*', '**/storage/idb*', '**/datasets/load*'], message: 'Pure layers get adapters handed in; import their types only.' };

export default ts.config(
  { ignores: ['dist/', 'dist-base-test/', 'node_modules/', '.vitest-results/'] },
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
  { files: ['src/**/*.ts', 'src/**/*.svelte'], ignores: ['src/lib/engine/webllm/worker.ts', 'src/lib/storage/idb.ts', 'src/compose.ts'], rules: restrict([WEBLLM, IDB]) },
  // The composition root picks the concrete adapters.
  { files: ['src/compose.ts'], rules: restrict([WEBLLM]) },
  { files: ['src/lib/storage/idb.ts'], rules: restrict([WEBLLM]) },
  { files: ['src/lib/{core,benchmarks,stats}/**/*.ts'], rules: restrict([WEBLLM, IDB, UI, ADAPTERS]) },
  { files: ['src/lib/runner/**/*.ts'], rules: restrict([WEBLLM, IDB, UI, ADAPTERS]) },
);
