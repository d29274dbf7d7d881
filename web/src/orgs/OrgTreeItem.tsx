import { useState } from 'react';
import { Link } from 'react-router';
import type { TreeNode } from '../api/org-types.ts';
import { formatValidity, isEnded } from '../components/format.ts';
import type { ChildCache } from './OrgTreePage.tsx';

interface Props {
  node: TreeNode;
  expanded: Set<number>;
  cache: ChildCache;
  onToggle: (node: TreeNode) => Promise<void>;
  hideEnded: boolean;
}

/** One unit in the tree, with a disclosure button when it has children. */
export function OrgTreeItem({ node, expanded, cache, onToggle, hideEnded }: Props) {
  const [loading, setLoading] = useState(false);
  const [failed, setFailed] = useState(false);
  const ended = isEnded(node.validTo) || (!node.current && !!node.validTo);
  if (hideEnded && ended) return null;
  const open = expanded.has(node.id);
  const children = cache.get(node.id) ?? [];
  const validity = formatValidity(node.validFrom, node.validTo);
  const toggle = async () => {
    setLoading(true);
    setFailed(false);
    try {
      await onToggle(node);
    } catch {
      setFailed(true);
    } finally {
      setLoading(false);
    }
  };
  return (
    <li data-testid="tree-item" data-code={node.code}>
      <div className={`tree-node${ended ? ' ended' : ''}`}>
        {node.childCount > 0 ? (
          <button
            type="button"
            className="tree-toggle"
            aria-expanded={open}
            aria-label={`${open ? 'Collapse' : 'Expand'} ${node.name}`}
            onClick={toggle}
            disabled={loading}
          >
            {loading ? '…' : open ? '▾' : '▸'}
          </button>
        ) : (
          <span className="tree-spacer" aria-hidden="true" />
        )}
        <Link to={`/orgs/${node.id}`}>{node.name}</Link>
        <span className="code">{node.code}</span>
        <span className="badge">{node.kind}</span>
        {validity && <span className="validity">{validity}</span>}
        {ended && <span className="badge badge-bad">ended</span>}
        {!ended && !node.current && <span className="badge badge-warn">not yet valid</span>}
        {failed && <span className="field-error">could not load its children</span>}
      </div>
      {open && children.length > 0 && (
        <ul role="group" aria-label={`Units in ${node.name}`}>
          {children.map((c) => (
            <OrgTreeItem
              key={c.id}
              node={c}
              expanded={expanded}
              cache={cache}
              onToggle={onToggle}
              hideEnded={hideEnded}
            />
          ))}
        </ul>
      )}
    </li>
  );
}
