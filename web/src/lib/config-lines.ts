// Where in a config text a problem's path points, so an editor can mark the line. Pure.
import { isNode, parseDocument } from 'yaml';

/** `parameters.lr.min` → ['parameters', 'lr', 'min']; `metrics[0].goal` → ['metrics', 0, 'goal']. */
export function pathSegments(path: string): Array<string | number> {
  const out: Array<string | number> = [];
  for (const part of path.split('.').filter((p) => p !== '')) {
    const m = /^([^[\]]*)((?:\[\d+\])*)$/.exec(part);
    if (!m) {
      out.push(part);
      continue;
    }
    if (m[1]) out.push(m[1]);
    for (const index of m[2]!.matchAll(/\[(\d+)\]/g)) out.push(Number(index[1]));
  }
  return out;
}

/**
 * The 1-based line of the deepest node the path reaches (a missing key points at its parent,
 * where it should be added); 1 for the whole document or text that does not parse.
 */
export function lineOfPath(text: string, path: string): number {
  const doc = parseDocument(text);
  const segments = pathSegments(path);
  for (let n = segments.length; n > 0; n--) {
    const node: unknown = doc.getIn(segments.slice(0, n), true);
    if (isNode(node) && node.range) return lineAt(text, node.range[0]);
    // A key whose value is null still has its key's position in the parent map.
    const parent: unknown = n > 1 ? doc.getIn(segments.slice(0, n - 1), true) : doc.contents;
    if (parent && typeof parent === 'object' && 'items' in parent) {
      const items = (parent as { items: Array<{ key?: unknown }> }).items;
      const pair = items.find((it) => isNode(it.key) && (it.key as { value?: unknown }).value === segments[n - 1]);
      if (pair && isNode(pair.key) && pair.key.range) return lineAt(text, pair.key.range[0]);
    }
  }
  return 1;
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}
