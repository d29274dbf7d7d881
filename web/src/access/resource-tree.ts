import type { AccessResource } from './access-api.ts';

/** The resources as an indented tree, parents before their children. */
export function treeOrder(list: AccessResource[]): { r: AccessResource; depth: number }[] {
  const out: { r: AccessResource; depth: number }[] = [];
  const walk = (parent: number | null, depth: number) => {
    for (const r of list.filter((x) => x.parentId === parent)) {
      out.push({ r, depth });
      walk(r.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}

/** A resource's name indented by its depth, for a select's options. */
export function optionText(r: AccessResource, depth: number): string {
  return `${'\u00a0\u00a0'.repeat(depth)}${r.name}`;
}
