/** RFC 6902 JSON patches (add, remove, replace, test) with RFC 6901 pointers, `-` appending to a list. */
import { KustomizeError } from './resources.js';

export interface JsonPatchOp {
  op: 'add' | 'remove' | 'replace' | 'test' | 'move' | 'copy';
  path: string;
  value?: unknown;
}

function tokens(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new KustomizeError(`JSON patch path must start with "/": ${pointer}`);
  return pointer.slice(1).split('/').map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function parentOf(doc: unknown, pointer: string): { parent: Record<string, unknown> | unknown[]; key: string } {
  const path = tokens(pointer);
  if (path.length === 0) throw new KustomizeError('JSON patch cannot replace the whole document');
  let node: unknown = doc;
  for (const token of path.slice(0, -1)) {
    const next = Array.isArray(node) ? node[Number(token)] : (node as Record<string, unknown> | undefined)?.[token];
    if (typeof next !== 'object' || next === null) throw new KustomizeError(`JSON patch path ${pointer}: ${token} does not exist`);
    node = next;
  }
  return { parent: node as Record<string, unknown> | unknown[], key: path.at(-1)! };
}

export function applyJsonPatch<T>(doc: T, ops: JsonPatchOp[]): T {
  const out = structuredClone(doc);
  for (const { op, path, value } of ops) {
    const { parent, key } = parentOf(out, path);
    const exists = Array.isArray(parent) ? Number(key) < parent.length : key in parent;
    switch (op) {
      case 'add':
        if (Array.isArray(parent)) parent.splice(key === '-' ? parent.length : Number(key), 0, structuredClone(value));
        else parent[key] = structuredClone(value);
        break;
      case 'replace':
      case 'remove':
        if (!exists) throw new KustomizeError(`JSON patch ${op} ${path}: nothing there`);
        if (op === 'remove') {
          if (Array.isArray(parent)) parent.splice(Number(key), 1);
          else delete parent[key];
        } else if (Array.isArray(parent)) parent[Number(key)] = structuredClone(value);
        else parent[key] = structuredClone(value);
        break;
      case 'test': {
        const actual = Array.isArray(parent) ? parent[Number(key)] : parent[key];
        if (JSON.stringify(actual) !== JSON.stringify(value)) throw new KustomizeError(`JSON patch test ${path} failed`);
        break;
      }
      default:
        throw new KustomizeError(`JSON patch op "${op}" is not supported by this renderer`);
    }
  }
  return out;
}
