/**
 * The app-shell service worker (plain JS, no imports). The build (vite.config.ts
 * `serviceWorker()`) writes it to <build>/sw.js with `self.__PRECACHE_MANIFEST__ = { version,
 * files }` prepended (src/sw/manifest.ts); main.ts registers it in production builds only.
 *
 * - install: caches every file of the build (paths relative to this script, so any base path
 *   works) in a cache named after this scope and the build's version;
 * - activate: deletes this scope's caches of other versions, then controls open pages;
 * - fetch: page loads (navigations) go to the network first and fall back to the cached
 *   index.html; the build's own files are served from the cache first. Everything else — other
 *   origins (model weights, datasets, model servers), non-GET requests, same-origin URLs that are
 *   not part of the build — is left to the browser untouched.
 *
 * The cached index.html is never replaced from the network, so it always matches the cached
 * assets; a new deploy brings a new sw.js, whose install caches the new build as a whole.
 */
const MANIFEST = self.__PRECACHE_MANIFEST__;
const SCOPE = self.registration.scope;
const PREFIX = `app-shell ${SCOPE} `;
const CACHE = PREFIX + MANIFEST.version;
const INDEX = new URL('index.html', self.location.href).href;
const FILES = new Set(MANIFEST.files.map((path) => new URL(path, self.location.href).href));
/** A page load waits this long for the network before the cached shell is used. */
const NAVIGATION_TIMEOUT_MS = 5000;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) => cache.addAll([...FILES].map((url) => new Request(url, { cache: 'no-cache' })))),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(
          names.filter((name) => name.startsWith(PREFIX) && name !== CACHE).map((name) => caches.delete(name)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

async function fromCache(url) {
  const cache = await caches.open(CACHE);
  return cache.match(url);
}

async function networkFirst(request) {
  const network = fetch(request);
  network.catch(() => undefined); // a late failure after the timeout is not an error
  const timeout = new Promise((resolve) => setTimeout(resolve, NAVIGATION_TIMEOUT_MS, undefined));
  try {
    const response = await Promise.race([network, timeout]);
    if (response !== undefined) return response;
  } catch {
    // offline or the host is unreachable: the cached shell below
  }
  const cached = await fromCache(INDEX);
  return cached ?? network;
}

async function cacheFirst(request, url) {
  const cached = await fromCache(url);
  return cached ?? fetch(request);
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || !request.url.startsWith(SCOPE)) return;
  if (request.mode === 'navigate') {
    event.respondWith(networkFirst(request));
    return;
  }
  const key = url.origin + url.pathname;
  if (FILES.has(key)) event.respondWith(cacheFirst(request, key));
});
