import { describe, expect, it } from 'vitest';
import { buildPrecacheManifest, isPrecached, renderServiceWorker } from '../../src/sw/manifest';

const BUILD = [
  { path: 'index.html', hash: 'a' },
  { path: 'assets/worker-Ab12.js', hash: 'b' },
  { path: 'assets/index-Cd34.js', hash: 'c' },
  { path: 'assets/index-Cd34.js.map', hash: 'd' },
  { path: 'sw.js', hash: 'e' },
  { path: 'favicon.svg', hash: 'f' },
  { path: '.well-known/x', hash: 'g' },
];

describe('precache manifest', () => {
  it('lists every built file except the worker itself, source maps and dot-folders, sorted', () => {
    expect(buildPrecacheManifest(BUILD, '1.0.0').files).toEqual([
      'assets/index-Cd34.js',
      'assets/worker-Ab12.js',
      'favicon.svg',
      'index.html',
    ]);
    expect(isPrecached('sw.js')).toBe(false);
    expect(isPrecached('assets/sw.js')).toBe(true);
  });

  it('versions by content: same build, same version; any changed file, a new one; order does not matter', () => {
    const v = buildPrecacheManifest(BUILD, '1.0.0').version;
    expect(v).toMatch(/^1\.0\.0-[0-9a-z]+$/);
    expect(buildPrecacheManifest([...BUILD].reverse(), '1.0.0').version).toBe(v);
    expect(
      buildPrecacheManifest(
        BUILD.map((f) => (f.path === 'index.html' ? { ...f, hash: 'z' } : f)),
        '1.0.0',
      ).version,
    ).not.toBe(v);
    expect(
      buildPrecacheManifest(
        BUILD.map((f) => (f.path === 'sw.js' ? { ...f, hash: 'z' } : f)),
        '1.0.0',
      ).version,
    ).toBe(v);
    expect(buildPrecacheManifest(BUILD, '1.0.1').version).not.toBe(v);
  });

  it('refuses a build without index.html', () => {
    expect(() => buildPrecacheManifest([{ path: 'assets/a.js', hash: 'x' }], '1')).toThrow(/index\.html/);
  });

  it('prepends the manifest as a global to the worker source', () => {
    const manifest = buildPrecacheManifest(BUILD, '1.0.0');
    const text = renderServiceWorker('const M = self.__PRECACHE_MANIFEST__;', manifest);
    const self: { __PRECACHE_MANIFEST__?: unknown } = {};
    new Function('self', text)(self);
    expect(self.__PRECACHE_MANIFEST__).toEqual(manifest);
  });
});
