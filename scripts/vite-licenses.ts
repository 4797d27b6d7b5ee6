/**
 * Third-party licence notices in the build. A Vite plugin that lists the npm packages whose code
 * ended up in the built files (the page and its workers: web-llm is bundled only into the
 * inference worker, which Vite builds separately) and writes `third-party-licenses.txt` at the
 * root of the build: each package's name, version, declared licence and the text of its
 * LICENSE / LICENCE / COPYING file. The About page links to the file; the service worker precaches
 * it like every other built file. The parts that read module ids and render the text are pure and
 * tested on their own (test/scripts/vite-licenses.test.ts).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Plugin } from 'vite';

export const LICENSES_FILE = 'third-party-licenses.txt';

export interface PackageRef {
  readonly name: string;
  /** The package's folder: `<...>/node_modules/<name>`. */
  readonly dir: string;
}

export interface PackageNotice {
  readonly name: string;
  readonly version: string;
  /** The `license` field of its package.json (SPDX expression), or what older fields say. */
  readonly license: string;
  readonly repository: string | null;
  /** Text of its licence file, or null when the package ships none. */
  readonly text: string | null;
}

const NODE_MODULES = '/node_modules/';

/** The packages behind bundled module ids (absolute paths; virtual `\0` prefixes and `?query` tails allowed), sorted by name. */
export function packagesOf(moduleIds: Iterable<string>): PackageRef[] {
  const byDir = new Map<string, string>();
  for (const raw of moduleIds) {
    const id = raw
      .replace(/^\0+/, '')
      .replace(/[?#].*$/, '')
      .replace(/\\/g, '/');
    const at = id.lastIndexOf(NODE_MODULES);
    if (at < 0) continue;
    const parts = id.slice(at + NODE_MODULES.length).split('/');
    const scoped = parts[0]?.startsWith('@') === true;
    const name = scoped ? `${parts[0]}/${parts[1] ?? ''}` : (parts[0] ?? '');
    if (name === '' || name.endsWith('/') || name.startsWith('.')) continue;
    byDir.set(id.slice(0, at + NODE_MODULES.length) + name, name);
  }
  return [...byDir]
    .map(([dir, name]) => ({ name, dir }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.dir < b.dir ? -1 : 1));
}

type Json = string | number | boolean | null | readonly Json[] | { readonly [key: string]: Json };

/** `value` itself when a string, else its string field `key` (`{ "type": "MIT" }`, `{ "url": ... }`). */
function stringOr(value: Json | undefined, key: string): string | null {
  if (typeof value === 'string') return value;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  const inner = (value as { readonly [key: string]: Json })[key];
  return typeof inner === 'string' ? inner : null;
}

function licenseOf(pkg: { readonly [key: string]: Json }): string {
  const field = pkg.license ?? pkg.licenses ?? null;
  if (field === null) return 'not stated in package.json';
  const list: readonly Json[] = Array.isArray(field) ? field : [field];
  return list.map((v) => stringOr(v, 'type') ?? JSON.stringify(v)).join(' OR ');
}

function repositoryOf(pkg: { readonly [key: string]: Json }): string | null {
  const url = stringOr(pkg.repository, 'url');
  return url === null
    ? null
    : url
        .replace(/^git\+/, '')
        .replace(/^git:\/\//, 'https://')
        .replace(/\.git$/, '');
}

const LICENSE_FILE = /^(licen[cs]e|copying)([-._].*)?$/i;

/** Name, version, licence and licence text of the package in `dir` (read from disk). */
export function readNotice(ref: PackageRef): PackageNotice {
  const pkg = JSON.parse(readFileSync(join(ref.dir, 'package.json'), 'utf8')) as { readonly [key: string]: Json };
  const files = readdirSync(ref.dir, { withFileTypes: true })
    .filter((e) => e.isFile() && LICENSE_FILE.test(e.name))
    .map((e) => e.name)
    .sort();
  const text = files.length === 0 ? null : files.map((f) => readFileSync(join(ref.dir, f), 'utf8').trim()).join('\n\n');
  return {
    name: typeof pkg.name === 'string' ? pkg.name : ref.name,
    version: typeof pkg.version === 'string' ? pkg.version : 'unknown',
    license: licenseOf(pkg),
    repository: repositoryOf(pkg),
    text,
  };
}

/** The notices file: a summary list, then each package's licence text. */
export function renderNotices(app: string, notices: readonly PackageNotice[]): string {
  const rule = '='.repeat(78);
  const head = [
    `Third-party software in this build of ${app}`,
    '',
    `The built files include code from these ${notices.length} npm packages, under their own licences:`,
    '',
    ...notices.map((n) => `  ${n.name} ${n.version}: ${n.license}`),
  ];
  const bodies = notices.map((n) =>
    [
      rule,
      `${n.name} ${n.version}`,
      `License: ${n.license}`,
      ...(n.repository === null ? [] : [`Source: ${n.repository}`]),
      '',
      n.text ?? '(The package ships no licence file; see its license field above.)',
    ].join('\n'),
  );
  return `${[head.join('\n'), ...bodies].join('\n\n')}\n`;
}

/** Ids of the modules of a bundle whose code was kept (tree-shaken-away modules are left out). */
function keptModules(
  bundle: Readonly<
    Record<
      string,
      { readonly type: string; readonly modules?: Readonly<Record<string, { readonly renderedLength: number }>> }
    >
  >,
): string[] {
  return Object.values(bundle).flatMap((out) =>
    out.type === 'chunk' && out.modules
      ? Object.entries(out.modules)
          .filter(([, m]) => m.renderedLength > 0)
          .map(([id]) => id)
      : [],
  );
}

/**
 * `main` goes in `plugins`, `worker` in `worker.plugins`: each worker build adds its modules to
 * the list, and the page's build (whose workers are built while it runs) writes the file.
 */
export function thirdPartyLicenses(app: string): { readonly main: Plugin; readonly worker: () => Plugin } {
  const ids = new Set<string>();
  return {
    worker: () => ({
      name: 'third-party-licenses:worker',
      apply: 'build',
      generateBundle(_options, bundle) {
        for (const id of keptModules(bundle)) ids.add(id);
      },
    }),
    main: {
      name: 'third-party-licenses',
      apply: 'build',
      buildStart() {
        ids.clear();
      },
      generateBundle(_options, bundle) {
        for (const id of keptModules(bundle)) ids.add(id);
        const notices = packagesOf(ids).map(readNotice);
        this.emitFile({ type: 'asset', fileName: LICENSES_FILE, source: renderNotices(app, notices) });
      },
    },
  };
}
