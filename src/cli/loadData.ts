/**
 * Reads a folder of BBQ category files for the command line and checks each against its
 * pinned git blob SHA-1 (benchmarks/bbq/source.ts). Any subset of the 11 files may be present;
 * a file whose SHA-1 differs is refused, by name, and nothing is scored. The intersectional
 * template CSVs (`new_templates - Race_x_gender.csv`, `… - Race_x_SES.csv`) are read from the
 * folder itself, its `templates/` or its sibling `../templates/` (the upstream layout).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BBQ_SOURCE } from '../lib/benchmarks/bbq/source';
import { gitBlobSha1 } from '../lib/core/hash';

/** git's blob id: sha1("blob " + byteLength + "\0" + bytes), by the one SHA-1 (core/hash.ts). */
export { gitBlobSha1 };

export type FolderResult =
  | { readonly kind: 'ok'; readonly files: ReadonlyMap<string, string>; readonly ignored: readonly string[] }
  | { readonly kind: 'error'; readonly message: string };

export function loadBbqFolder(dir: string): FolderResult {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch (error) {
    return {
      kind: 'error',
      message: `cannot read data folder "${dir}": ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  const files = new Map<string, string>();
  const ignored: string[] = [];
  const refused: string[] = [];
  const paths = new Map(names.map((name) => [name, join(dir, name)]));
  for (const pinned of BBQ_SOURCE.files.filter((f) => f.path.startsWith('templates/') && !paths.has(f.name))) {
    const found = [join(dir, 'templates', pinned.name), join(dir, '..', 'templates', pinned.name)].find((p) =>
      existsSync(p),
    );
    if (found !== undefined) paths.set(pinned.name, found);
  }
  for (const [name, path] of paths) {
    const pinned = BBQ_SOURCE.files.find((f) => f.name === name);
    if (!pinned) {
      ignored.push(name);
      continue;
    }
    const bytes = readFileSync(path);
    const sha1 = gitBlobSha1(bytes);
    if (sha1 !== pinned.sha1) {
      refused.push(
        `${name}: blob SHA-1 ${sha1} does not match the pinned ${pinned.sha1} (${BBQ_SOURCE.repo}@${BBQ_SOURCE.commit.slice(0, 7)} ${pinned.path})`,
      );
      continue;
    }
    files.set(name, bytes.toString('utf8'));
  }
  if (refused.length > 0) return { kind: 'error', message: `refused data file(s):\n  ${refused.join('\n  ')}` };
  if (![...files.keys()].some((name) => name.endsWith('.jsonl')))
    return { kind: 'error', message: `no BBQ category files (e.g. Age.jsonl) in "${dir}"` };
  return { kind: 'ok', files, ignored };
}
