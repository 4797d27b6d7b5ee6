/** The page's CSP: what it allows to be fetched, and that it forbids inline scripts. */
import { describe, expect, it } from 'vitest';
import { allowsConnect, buildCsp } from '../../../src/lib/core/csp';

const SELF = 'https://example.github.io/bench/';

describe('the Content Security Policy', () => {
  const policy = buildCsp(['https://gpu.example.org:8443']);

  it('has no inline or eval scripts (only WebAssembly compilation)', () => {
    const script = policy.split('; ').find((d) => d.startsWith('script-src'));
    expect(script).toBe("script-src 'self' 'wasm-unsafe-eval'");
    expect(policy).toContain("object-src 'none'");
  });

  it('allows this site, model and data hosts, loopback servers and configured endpoints', () => {
    for (const url of [
      'https://example.github.io/bench/assets/x.js',
      'https://huggingface.co/mlc-ai/x/resolve/main/mlc-chat-config.json',
      'https://cdn-lfs-us-1.hf.co/repos/x',
      'https://raw.githubusercontent.com/nyu-mll/BBQ/bea11bd97d79217245b5871acd247b9d6eb24598/data/Age.jsonl',
      'http://localhost:8000/v1/chat/completions',
      'http://127.0.0.1:11434/v1/models',
      'https://gpu.example.org:8443/v1/models',
    ])
      expect(allowsConnect(policy, url, SELF), url).toBe(true);
  });

  it('refuses anything else', () => {
    for (const url of [
      'https://evil.example.com/x',
      'https://gpu.example.org/v1',
      'http://huggingface.co/x',
      'http://192.168.1.5:8000/v1',
      'https://hf.co.evil.com/x',
      'not a url',
    ]) {
      expect(allowsConnect(policy, url, SELF), url).toBe(false);
    }
  });
});
