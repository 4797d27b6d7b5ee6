import { mount } from 'svelte';
import App from './App.svelte';
import './app.css';
import { applySavedTheme } from './state/theme.svelte';

applySavedTheme();

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');
export default mount(App, { target });

// Offline app shell (src/sw/sw.js, written into the build by vite.config.ts): builds only (not the
// dev server), in secure contexts (https or localhost). MODE rather than PROD: PROD follows
// NODE_ENV, which is "test" when the browser tests build the app. The worker sits next to
// index.html, so its scope is the app's folder under any base path.
if (import.meta.env.MODE === 'production' && 'serviceWorker' in navigator && window.isSecureContext) {
  const script = new URL(`${import.meta.env.BASE_URL}sw.js`, document.baseURI);
  navigator.serviceWorker.register(script, { scope: new URL('./', script).href }).catch((e: unknown) => {
    console.warn('Offline use is unavailable: the service worker did not register.', e);
  });
}
