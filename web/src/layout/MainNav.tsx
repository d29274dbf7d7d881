import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { Link, NavLink, useLocation } from 'react-router';
import { locate, type NavGroup } from './nav-items.ts';

/**
 * The main navigation in groups: each group a button (aria-expanded) opening its links. On a wide screen the groups
 * sit in a row and open as menus; on a narrow one the whole navigation opens from the Menu button, one column.
 * Escape closes the open group and puts focus back on its button; following a link closes everything.
 */
export function MainNav({ groups, open, onClose }: { groups: NavGroup[]; open: boolean; onClose: () => void }) {
  const [expanded, setExpanded] = useState<string | null>(null);
  const { pathname } = useLocation();
  const here = locate(pathname, groups);
  const nav = useRef<HTMLElement>(null);
  const id = useId();

  useEffect(() => setExpanded(null), [pathname]);
  useEffect(() => {
    if (expanded === null) return;
    const away = (e: MouseEvent) => {
      if (nav.current && !nav.current.contains(e.target as Node)) setExpanded(null);
    };
    document.addEventListener('mousedown', away);
    return () => document.removeEventListener('mousedown', away);
  }, [expanded]);

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== 'Escape' || expanded === null) return;
    const button = nav.current?.querySelector<HTMLButtonElement>(`[data-group="${CSS.escape(expanded)}"]`);
    setExpanded(null);
    button?.focus();
    e.stopPropagation();
  };

  return (
    <nav aria-label="Main" ref={nav} className={open ? 'main-nav open' : 'main-nav'} onKeyDown={onKeyDown}>
      <ul className="nav-groups">
        <li>
          <NavLink to="/" end className="nav-home" onClick={onClose}>
            Home
          </NavLink>
        </li>
        {groups.map((g, n) => {
          const isOpen = expanded === g.label;
          const listId = `${id}-g${n}`;
          return (
            <li key={g.label} className="nav-group">
              <button
                type="button"
                className={here?.group.label === g.label ? 'nav-group-button current' : 'nav-group-button'}
                aria-expanded={isOpen}
                aria-controls={listId}
                data-group={g.label}
                onClick={() => setExpanded(isOpen ? null : g.label)}
              >
                {g.label}
              </button>
              <ul id={listId} className="nav-menu" hidden={!isOpen}>
                {g.items.map((i) => (
                  <li key={i.to}>
                    <Link
                      to={i.to}
                      aria-current={here?.item.to === i.to ? 'page' : undefined}
                      onClick={() => {
                        setExpanded(null);
                        onClose();
                      }}
                    >
                      {i.label}
                    </Link>
                  </li>
                ))}
              </ul>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
