import { useCallback, useState } from 'react';
import { orgsApi } from '../api/orgs.ts';
import type { TreeNode } from '../api/org-types.ts';
import { useResource } from '../api/use-resource.ts';
import { Empty, Loaded } from '../components/States.tsx';
import { usePageTitle } from '../layout/use-page-title.ts';
import { OrgTreeItem } from './OrgTreeItem.tsx';
import { UnitFinder } from './UnitFinder.tsx';

/** Children loaded so far, by parent id; a node's children come with it one level deep. */
export type ChildCache = Map<number, TreeNode[]>;

/** Browse the organisation tree: expand and collapse, with kind, code, validity, ended units greyed. */
export function OrgTreePage() {
  usePageTitle('Organisations');
  const [expanded, setExpanded] = useState<Set<number>>(new Set());
  const [cache, setCache] = useState<ChildCache>(new Map());
  const [hideEnded, setHideEnded] = useState(false);
  const roots = useResource(async (signal) => {
    const nodes = await orgsApi.tree(undefined, signal);
    setCache(new Map(nodes.map((n) => [n.id, n.children])));
    setExpanded(new Set(nodes.map((n) => n.id)));
    return nodes;
  }, []);

  const toggle = useCallback(
    async (node: TreeNode) => {
      const open = expanded.has(node.id);
      if (!open && !cache.has(node.id)) {
        const [loaded] = await orgsApi.tree(node.id);
        setCache((c) => new Map(c).set(node.id, loaded?.children ?? []));
      }
      setExpanded((e) => {
        const next = new Set(e);
        if (open) next.delete(node.id);
        else next.add(node.id);
        return next;
      });
    },
    [expanded, cache],
  );

  return (
    <section>
      <div className="page-head">
        <h1>Organisations</h1>
        <div className="actions">
          <UnitFinder />
        </div>
      </div>
      <label className="row" style={{ marginBottom: '0.8rem' }}>
        <input type="checkbox" checked={hideEnded} onChange={(e) => setHideEnded(e.target.checked)} /> Hide ended units
      </label>
      <Loaded resource={roots} what="Loading the tree">
        {(nodes) =>
          nodes.length === 0 ? (
            <Empty>No organisation units yet.</Empty>
          ) : (
            <div className="card">
              <ul className="tree" data-testid="org-tree">
                {nodes.map((n) => (
                  <OrgTreeItem
                    key={n.id}
                    node={n}
                    expanded={expanded}
                    cache={cache}
                    onToggle={toggle}
                    hideEnded={hideEnded}
                  />
                ))}
              </ul>
            </div>
          )
        }
      </Loaded>
    </section>
  );
}
