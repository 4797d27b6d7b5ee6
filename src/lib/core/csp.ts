/**
 * The page's Content Security Policy: no inline or foreign scripts, and network access only to
 * this site, the model and dataset hosts, loopback servers (vLLM / Ollama / llama.cpp on this
 * machine), and the endpoint origins a deployment adds (EXTRA_CONNECT_SRC at build time). Built
 * into index.html by vite.config.ts; read back by the page to explain a blocked endpoint.
 * Styles allow inline attributes because chart SVGs carry their own style elements.
 */

/** web-llm weights (Hugging Face and its CDNs), model libraries and BBQ/Winogender data (GitHub raw). */
export const MODEL_AND_DATA_HOSTS = [
  'https://huggingface.co',
  'https://*.huggingface.co',
  'https://*.hf.co',
  'https://raw.githubusercontent.com',
] as const;

/** OpenAI-compatible servers on this machine, any port. */
/** (CSP source lists cannot name IPv6 literals such as [::1].) */
export const LOOPBACK = ['http://localhost:*', 'http://127.0.0.1:*'] as const;

export function buildCsp(extraConnect: readonly string[] = []): string {
  const connect = ["'self'", ...MODEL_AND_DATA_HOSTS, ...LOOPBACK, ...extraConnect].join(' ');
  return [
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "worker-src 'self' blob:",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src ${connect}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'none'",
  ].join('; ');
}

/** Whether `url` is allowed by the connect-src of `policy` (scheme, host with `*.` wildcard, port with `*`). */
export function allowsConnect(policy: string, url: string, self: string): boolean {
  const directive = policy
    .split(';')
    .map((d) => d.trim())
    .find((d) => d.startsWith('connect-src '));
  if (!directive) return true;
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return false;
  }
  return directive
    .split(/\s+/)
    .slice(1)
    .some((source) => {
      if (source === "'self'") return target.origin === new URL(self).origin;
      const m = /^(https?):\/\/(\*\.)?([^/:]+)(?::(\d+|\*))?$/.exec(source);
      if (!m) return false;
      const [, scheme, wildcard, host, port] = m;
      if (target.protocol !== `${scheme}:`) return false;
      const hostOk = wildcard ? target.hostname.endsWith(`.${host}`) : target.hostname === host;
      const targetPort = target.port || (scheme === 'https' ? '443' : '80');
      const portOk = port === '*' || (port ?? (scheme === 'https' ? '443' : '80')) === targetPort;
      return hostOk && portOk;
    });
}
