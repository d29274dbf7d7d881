import { isNode, LineCounter, parseDocument, stringify } from 'yaml';
import { invalid, StewardError } from '../platform/errors.ts';
import type { SentDocument } from './config-file-service.ts';

/**
 * The document as YAML: written with stable key order (the written form's) and no line folding, so a diff of two
 * exports shows only what changed; read with the line of every node, so a problem names its line as well as its path.
 */
export function toYaml(value: unknown): string {
  return stringify(value, { lineWidth: 0, aliasDuplicateObjects: false });
}

const segments = (pointer: string) =>
  pointer
    .split('/')
    .slice(1)
    .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));

/** Parses a YAML (or JSON: a YAML subset) text; a syntax error is a 400 naming its line and column. */
export function fromYaml(text: string): SentDocument {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length) {
    const problems = doc.errors.slice(0, 10).map((e) => {
      const at = counter.linePos(e.pos[0]);
      return {
        field: '/',
        rule: 'yaml-syntax',
        message: `line ${at.line}, column ${at.col}: ${e.message.split('\n')[0]}`,
      };
    });
    throw new StewardError('validation', problems.map((p) => p.message).join('; '), { problems });
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    // Aliases that would expand past the limit (a "billion laughs" document).
    throw invalid('/', 'yaml-aliases', (e as Error).message);
  }
  const lineOf = (pointer: string): number | undefined => {
    const path = segments(pointer);
    // The node at the pointer, or the nearest one above it that exists (a missing field: its item's line).
    for (let n = path.length; n >= 0; n--) {
      const node: unknown = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
      if (isNode(node) && node.range) return counter.linePos(node.range[0]).line;
    }
    return undefined;
  };
  return { value, lineOf };
}
