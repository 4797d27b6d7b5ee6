import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { packagesOf, readNotice, renderNotices, type PackageNotice } from '../../scripts/vite-licenses';

const NM = fileURLToPath(new URL('../../node_modules/', import.meta.url)).replace(/\/$/, '');

describe('packagesOf', () => {
  it('finds each npm package behind bundled module ids once, scoped and nested ones included', () => {
    const ids = [
      '/app/src/main.ts',
      '/app/node_modules/svelte/src/internal/client/index.js',
      '/app/node_modules/svelte/src/index-client.js?v=1',
      '\0/app/node_modules/idb/build/index.js?commonjs-proxy',
      '/app/node_modules/@observablehq/plot/src/plot.js',
      '/app/node_modules/@observablehq/plot/node_modules/d3-array/src/index.js',
      'C:\\app\\node_modules\\@mlc-ai\\web-llm\\lib\\index.js',
      '\0vite/preload-helper.js',
      '/app/node_modules/.vite/deps/chunk.js',
    ];
    expect(packagesOf(ids)).toEqual([
      { name: '@mlc-ai/web-llm', dir: 'C:/app/node_modules/@mlc-ai/web-llm' },
      { name: '@observablehq/plot', dir: '/app/node_modules/@observablehq/plot' },
      { name: 'd3-array', dir: '/app/node_modules/@observablehq/plot/node_modules/d3-array' },
      { name: 'idb', dir: '/app/node_modules/idb' },
      { name: 'svelte', dir: '/app/node_modules/svelte' },
    ]);
  });
});

describe('readNotice and renderNotices', () => {
  it('read name, version, licence and licence text from the installed packages', () => {
    const svelte = readNotice({ name: 'svelte', dir: join(NM, 'svelte') });
    const pkg = JSON.parse(readFileSync(join(NM, 'svelte/package.json'), 'utf8')) as { version: string };
    expect(svelte).toMatchObject({
      name: 'svelte',
      version: pkg.version,
      license: 'MIT',
      repository: 'https://github.com/sveltejs/svelte',
    });
    expect(svelte.text).toMatch(/Permission is hereby granted/);
    const webllm = readNotice({ name: '@mlc-ai/web-llm', dir: join(NM, '@mlc-ai/web-llm') });
    expect(webllm).toMatchObject({ license: 'Apache-2.0' });
    expect(webllm.text).toMatch(/Apache License/);
  });

  it('renders a list, then each package with its text (or says it ships none)', () => {
    const notices: PackageNotice[] = [
      { name: 'a', version: '1.0.0', license: 'MIT', repository: null, text: 'MIT text' },
      { name: '@s/b', version: '2.0.0', license: 'ISC', repository: 'https://example.org/b', text: null },
    ];
    const text = renderNotices('app 0.2.0', notices);
    expect(text).toMatch(/^Third-party software in this build of app 0\.2\.0\n/);
    expect(text).toContain('  a 1.0.0: MIT\n  @s/b 2.0.0: ISC\n');
    expect(text).toContain('a 1.0.0\nLicense: MIT\n\nMIT text');
    expect(text).toContain(
      '@s/b 2.0.0\nLicense: ISC\nSource: https://example.org/b\n\n(The package ships no licence file',
    );
  });
});
