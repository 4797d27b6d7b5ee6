import { describe, expect, it } from 'vitest';
import type { DatasetSource } from '../../../src/lib/benchmarks/types';
import { buildRawUrl, foldFailures, loadDataset, readPickedFiles } from '../../../src/lib/datasets/load';
import { gitBlobSha1 } from '../../../src/lib/core/hash';
import { openFreshStore } from '../../doubles/fresh-store';

const encoder = new TextEncoder();
const AGE = '{"example_id":0}\n';
const TEMPLATE = 'a,b\n1,2\n';

const source: DatasetSource = {
  repo: 'nyu-mll/BBQ',
  commit: 'bea11bd97d79217245b5871acd247b9d6eb24598',
  license: 'CC BY 4.0',
  sourceUrl: 'https://github.com/nyu-mll/BBQ/tree/bea11bd97d79217245b5871acd247b9d6eb24598',
  origin: 'BBQ files',
  files: [
    { name: 'Age.jsonl', path: 'data/Age.jsonl', sha1: gitBlobSha1(encoder.encode(AGE)) },
    {
      name: 'templates/Age.csv',
      path: 'templates/new_templates - Age.csv',
      sha1: gitBlobSha1(encoder.encode(TEMPLATE)),
    },
  ],
};
const AGE_URL = 'https://raw.githubusercontent.com/nyu-mll/BBQ/bea11bd97d79217245b5871acd247b9d6eb24598/data/Age.jsonl';
const TEMPLATE_URL =
  'https://raw.githubusercontent.com/nyu-mll/BBQ/bea11bd97d79217245b5871acd247b9d6eb24598/templates/new_templates%20-%20Age.csv';

/** A fetch double serving `routes` by URL (a string body, a status number, or an Error to throw). */
function fakeFetch(routes: Record<string, string | number | Error>) {
  const calls: string[] = [];
  const fetch = async (input: RequestInfo | URL): Promise<Response> => {
    const url = String(input);
    calls.push(url);
    const route = routes[url];
    if (route === undefined) return new Response('not found', { status: 404 });
    if (route instanceof Error) throw route;
    if (typeof route === 'number') return new Response('', { status: route });
    return new Response(route, { status: 200 });
  };
  return { fetch: fetch as typeof globalThis.fetch, calls };
}

describe('loadDataset', () => {
  it('builds pinned raw URLs with each path segment encoded', () => {
    expect(buildRawUrl(source, source.files[1]!)).toBe(TEMPLATE_URL);
  });

  it('fetches, verifies and caches; a second load is served from the cache', async () => {
    const store = await openFreshStore();
    const net = fakeFetch({ [AGE_URL]: AGE, [TEMPLATE_URL]: TEMPLATE });
    const progress: number[] = [];
    const first = await loadDataset(source, {
      store,
      fetch: net.fetch,
      onProgress: (p) => progress.push(p.loadedFiles / p.totalFiles),
    });
    expect(first).toEqual({
      kind: 'ok',
      files: new Map([
        ['Age.jsonl', AGE],
        ['templates/Age.csv', TEMPLATE],
      ]),
    });
    expect(progress).toEqual([0.5, 1]);
    expect(net.calls).toEqual([AGE_URL, TEMPLATE_URL]);

    const offline = fakeFetch({});
    const second = await loadDataset(source, { store, fetch: offline.fetch });
    expect(second.kind).toBe('ok');
    expect(offline.calls).toEqual([]);
  });

  it('refuses a file whose checksum does not match, naming it, and does not cache it', async () => {
    const store = await openFreshStore();
    const result = await loadDataset(source, {
      store,
      fetch: fakeFetch({ [AGE_URL]: AGE + 'tampered', [TEMPLATE_URL]: TEMPLATE }).fetch,
    });
    expect(result.kind).toBe('failed');
    if (result.kind !== 'failed') return;
    expect(result.failures).toHaveLength(1);
    expect(result.failures[0]).toMatchObject({ file: 'Age.jsonl', kind: 'checksum' });
    expect(result.failures[0]?.message).toMatch(
      /^Age\.jsonl: checksum mismatch \(expected [0-9a-f]{40}, got [0-9a-f]{40}\) — the file was refused$/,
    );
    expect(result.files.get('templates/Age.csv')).toBe(TEMPLATE);
    expect(await store.getFile(source.files[0]!.sha1)).toBeUndefined();
  });

  it('reports HTTP and network errors naming the file and the URL', async () => {
    const store = await openFreshStore();
    const result = await loadDataset(source, {
      store,
      fetch: fakeFetch({ [AGE_URL]: 404, [TEMPLATE_URL]: new TypeError('Failed to fetch') }).fetch,
    });
    expect(result.kind === 'failed' && result.failures).toEqual([
      { file: 'Age.jsonl', kind: 'http', message: `Age.jsonl: HTTP 404 from ${AGE_URL}`, reason: 'HTTP 404' },
      {
        file: 'templates/Age.csv',
        kind: 'network',
        message: expect.stringContaining(`templates/Age.csv: network error fetching ${TEMPLATE_URL} (Failed to fetch)`),
        reason: 'network error: Failed to fetch',
      },
    ]);
  });
});

describe('foldFailures', () => {
  it('says how many files failed and why in one line, each reason once, most common first, no URL', () => {
    const offline = { reason: 'network error: Failed to fetch' };
    expect(foldFailures([offline, offline, offline], 11)).toBe(
      '3 of 11 files could not be downloaded (network error: Failed to fetch)',
    );
    expect(foldFailures([{ reason: 'HTTP 404' }, offline, offline], 3)).toBe(
      '3 of 3 files could not be downloaded (network error: Failed to fetch; HTTP 404)',
    );
    expect(foldFailures([{ reason: 'a' }, { reason: 'b' }, { reason: 'c' }, { reason: 'd' }], 4)).toBe(
      '4 of 4 files could not be downloaded (a; b; 2 more reasons)',
    );
    expect(foldFailures([{ reason: 'HTTP 404' }], 1)).toBe('1 of 1 file could not be downloaded (HTTP 404)');
  });
});

describe('readPickedFiles', () => {
  const picked = (name: string, text: string) => ({
    name,
    arrayBuffer: async () => encoder.encode(text).buffer as ArrayBuffer,
  });

  it('matches files by name, verifies and caches them, and reports unknown and mismatching ones', async () => {
    const store = await openFreshStore();
    const result = await readPickedFiles(
      [picked('new_templates - Age.csv', TEMPLATE), picked('Age.jsonl', 'wrong'), picked('notes.txt', 'hello')],
      source,
      store,
    );
    expect(result.files).toEqual(new Map([['templates/Age.csv', TEMPLATE]]));
    expect(result.missing).toEqual(['Age.jsonl']);
    expect(result.problems.map((p) => [p.kind, p.file])).toEqual([
      ['checksum', 'Age.jsonl'],
      ['unknown', 'notes.txt'],
    ]);
    expect(result.problems[0]?.message).toContain('Age.jsonl: checksum mismatch');
    expect(result.problems[1]?.message).toContain('notes.txt: not a file of this dataset');
    expect((await store.getFile(source.files[1]!.sha1))?.text).toBe(TEMPLATE);
    // Once picked, loading needs no network for that file.
    const net = fakeFetch({ [AGE_URL]: AGE });
    expect((await loadDataset(source, { store, fetch: net.fetch })).kind).toBe('ok');
    expect(net.calls).toEqual([AGE_URL]);
  });

  it('accepts a renamed file when its content matches', async () => {
    const store = await openFreshStore();
    const result = await readPickedFiles([picked('Age (1).jsonl', AGE)], source, store);
    expect([...result.files.keys()]).toEqual(['Age.jsonl']);
    expect(result.problems).toEqual([]);
  });
});
