/**
 * Hash routing between the app's screens (#/run, #/results, #/models, #/about): works from
 * any static host and any base path, and keeps the back button meaningful.
 */
export type Route = 'run' | 'results' | 'models' | 'about';
export const ROUTES: readonly Route[] = ['run', 'results', 'models', 'about'];

function parse(hash: string): Route {
  const name = hash.replace(/^#\/?/, '').split(/[/?]/)[0] ?? '';
  return (ROUTES as readonly string[]).includes(name) ? (name as Route) : 'run';
}

export class Router {
  #route = $state<Route>(parse(globalThis.location?.hash ?? ''));

  constructor() {
    globalThis.addEventListener?.('hashchange', () => {
      this.#route = parse(location.hash);
    });
  }

  get route(): Route {
    return this.#route;
  }

  go(route: Route): void {
    if (globalThis.location) location.hash = `#/${route}`;
    this.#route = route;
  }
}
