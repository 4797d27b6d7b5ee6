/**
 * The app version stamped on every stored record. Vite replaces `__APP_VERSION__` at build
 * time with package.json's version; Node (tests, CLI) falls back to the environment.
 */
declare const __APP_VERSION__: string | undefined;

export const APP_VERSION: string =
  typeof __APP_VERSION__ === 'string' ? __APP_VERSION__ : (globalThis.process?.env?.npm_package_version ?? 'dev');
