import { readFileSync } from 'node:fs';
import { dataPath } from '../../data-dir';
import { describe, expect, it } from 'vitest';
import { gitBlobSha1, gitBlobSha1Async, Sha1, sha1Hex, sha1OfText } from '../../../src/lib/core/hash';

describe('sha1', () => {
  it('matches the FIPS 180 test vectors', () => {
    expect(sha1OfText('')).toBe('da39a3ee5e6b4b0d3255bfef95601890afd80709');
    expect(sha1OfText('abc')).toBe('a9993e364706816aba3e25717850c26c9cd0d89d');
    expect(sha1OfText('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe(
      '84983e441c3bd26ebaae4aa1f95129e5e54670f1',
    );
    expect(sha1OfText('a'.repeat(1_000_000))).toBe('34aa973cd4c4daa4f61eeb2bdbad27316534016f');
    expect(sha1OfText('The quick brown fox jumps over the lazy dog')).toBe('2fd4e1c67a2d28fced849ee1bb76e7391b93eb12');
  });

  it('gives the same digest however the input is split', () => {
    const bytes = new TextEncoder().encode('x'.repeat(200) + 'é'.repeat(50));
    const whole = sha1Hex(bytes);
    for (const cut of [0, 1, 55, 63, 64, 65, 127, 199]) {
      const split = new Sha1()
        .update(bytes.subarray(0, cut))
        .update(bytes.subarray(cut, cut + 3))
        .update(bytes.subarray(cut + 3))
        .hex();
      expect(split, `cut at ${cut}`).toBe(whole);
    }
  });

  it('gitBlobSha1 matches git hash-object', () => {
    // `printf 'hello\n' | git hash-object --stdin`
    expect(gitBlobSha1(new TextEncoder().encode('hello\n'))).toBe('ce013625030ba8dba906f756967f9e9ca394464a');
    expect(gitBlobSha1(new Uint8Array(0))).toBe('e69de29bb2d1d6434b8b29ae775ad8c2e48c5391');
  });

  it('gitBlobSha1Async gives the same digits by crypto.subtle and by the pure fallback', async () => {
    expect(globalThis.crypto?.subtle).toBeDefined();
    for (const text of ['', 'hello\n', 'é'.repeat(100_000)]) {
      const bytes = new TextEncoder().encode(text);
      expect(await gitBlobSha1Async(bytes)).toBe(gitBlobSha1(bytes));
      expect(await gitBlobSha1Async(bytes, null)).toBe(gitBlobSha1(bytes));
    }
    expect(await gitBlobSha1Async(new TextEncoder().encode('hello\n'))).toBe(
      'ce013625030ba8dba906f756967f9e9ca394464a',
    );
  });

  it.each([
    ['winogender/data/templates.tsv', 'e3424d7ea7af6f15f6d8cada2dfa9f153c2c2cac'],
    ['winogender/data/occupations-stats.tsv', 'f5ce6f35b10df1c3e28f4d05dccdc247a871acd7'],
    ['bbq/data/Religion.jsonl', '44c1940ee22f00891ab4a5526a293691957aeacb'],
    ['bbq/templates/new_templates - Age.csv', '6f2a84b02dc314987ead2342a9b2366ffe4cc27b'],
  ])('gitBlobSha1(%s) equals the README table', (path, expected) => {
    const bytes = new Uint8Array(readFileSync(dataPath(path)));
    expect(gitBlobSha1(bytes)).toBe(expected);
  });

  it('hashes a multi-megabyte file quickly', () => {
    const bytes = new Uint8Array(readFileSync(dataPath('bbq/data/Age.jsonl')));
    const start = performance.now();
    expect(gitBlobSha1(bytes)).toBe('5c5e7586163b869fe029e77e63716f2026e4ae08');
    expect(performance.now() - start).toBeLessThan(2000);
  });
});
