/**
 * Hash routing between the app's screens (#/run, #/results, #/study, #/models, #/about): works from
 * any static host and any base path, and keeps the back button meaningful.
 */
export type Route = 'run' | 'results' | 'study' | 'explore' | 'models' | 'about' | 'present';
export const ROUTES: readonly Route[] = ['run', 'results', 'study', 'explore', 'models', 'about', 'present'];

function parse(hash: string): Route {
  const name = hash.replace(/^#\/?/, '').split(/[/?]/)[0] ?? '';
  return (ROUTES as readonly string[]).includes(name) ? (name as Route) : 'run';
}

/** The query part of a hash route ("#/run?seed=1" → "seed=1"). */
export function queryOf(hash: string): string {
  const i = hash.indexOf('?');
  return i < 0 ? '' : hash.slice(i + 1);
}

export class Router {
  #route = $state<Route>(parse(globalThis.location?.hash ?? ''));
  #query = $state(queryOf(globalThis.location?.hash ?? ''));

  constructor() {
    globalThis.addEventListener?.('hashchange', () => {
      this.#route = parse(location.hash);
      this.#query = queryOf(location.hash);
    });
  }

  get query(): string {
    return this.#query;
  }

  get route(): Route {
    return this.#route;
  }

  go(route: Route, query = ''): void {
    if (globalThis.location) location.hash = `#/${route}${query ? `?${query}` : ''}`;
    this.#route = route;
    this.#query = query;
  }
}
