// Fails when the folders of src/ import each other in a cycle (docs/architecture.md, "Lines lint
// holds"). A folder is src/lib/<name> or another top-level folder of src/ (state, ui, views, cli,
// sw); files directly in src/ form the composition root. Every relative import counts, type-only
// imports too: a cycle of types is still two folders that cannot be understood one after the other.
// Usage: node scripts/check-folders.mjs [root]   (root defaults to src/; prints each cycle found)
import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const SOURCE = /\.(ts|js|mjs|svelte)$/;
const IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|new\s+URL\s*\(\s*)['"](\.{1,2}\/[^'"]*)['"]/g;

/**
 * All source files under dir, as absolute paths.
 * @param {string} dir
 * @returns {string[]}
 */
function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return walk(path);
    return SOURCE.test(name) ? [path] : [];
  });
}

/**
 * The folder a path (relative to root) belongs to.
 * @param {string} rel
 */
export function folderOf(rel) {
  const parts = rel.split(sep).join('/').split('/');
  if (parts.length === 1) return '(root)';
  if (parts[0] === 'lib' && parts.length >= 2) return `lib/${parts[1]}`;
  return parts[0] ?? '(root)';
}

/**
 * Folder → set of folders it imports, with one example import per edge.
 * @param {string} root
 */
export function folderGraph(root) {
  /** @type {Map<string, Set<string>>} */
  const graph = new Map();
  /** @type {Map<string, string>} */
  const examples = new Map();
  for (const file of walk(root)) {
    const from = folderOf(relative(root, file));
    if (!graph.has(from)) graph.set(from, new Set());
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(IMPORT)) {
      const spec = match[1] ?? '';
      const target = resolve(dirname(file), spec.replace(/\?.*$/, ''));
      const rel = relative(root, target);
      if (rel.startsWith('..')) continue;
      const to = folderOf(rel);
      if (to === from) continue;
      graph.get(from)?.add(to);
      const key = `${from} -> ${to}`;
      if (!examples.has(key)) examples.set(key, `${relative(root, file)} imports '${spec}'`);
    }
  }
  return { graph, examples };
}

/**
 * Strongly connected components with more than one folder (Tarjan).
 * @param {Map<string, Set<string>>} graph
 * @returns {string[][]}
 */
export function folderCycles(graph) {
  let index = 0;
  /** @type {string[]} */
  const stack = [];
  /** @type {Map<string, any>} */
  const info = new Map();
  /** @type {string[][]} */
  const cycles = [];
  /** @param {string} v */
  const visit = (v) => {
    info.set(v, { index, low: index, onStack: true });
    index += 1;
    stack.push(v);
    for (const w of graph.get(v) ?? []) {
      if (!info.has(w)) {
        visit(w);
        info.get(v).low = Math.min(info.get(v).low, info.get(w).low);
      } else if (info.get(w).onStack) {
        info.get(v).low = Math.min(info.get(v).low, info.get(w).index);
      }
    }
    if (info.get(v).low === info.get(v).index) {
      /** @type {string[]} */
      const component = [];
      /** @type {string} */
      let w;
      do {
        w = /** @type {string} */ (stack.pop());
        info.get(w).onStack = false;
        component.push(w);
      } while (w !== v);
      if (component.length > 1) cycles.push(component.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!info.has(v)) visit(v);
  return cycles;
}

function main() {
  const root = resolve(process.argv[2] ?? 'src');
  const { graph, examples } = folderGraph(root);
  const cycles = folderCycles(graph);
  if (cycles.length === 0) {
    console.log(`check-folders: ${graph.size} folders, no cycle`);
    return;
  }
  for (const cycle of cycles) {
    console.error(`check-folders: folder cycle ${cycle.join(' ⇄ ')}`);
    const members = new Set(cycle);
    for (const from of cycle) {
      for (const to of graph.get(from) ?? []) {
        if (members.has(to)) console.error(`  ${from} -> ${to}: ${examples.get(`${from} -> ${to}`)}`);
      }
    }
  }
  process.exitCode = 1;
}

// Run when executed (not when imported); compared by real path so a symlinked checkout still runs it.
if (process.argv[1] && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url))) main();
