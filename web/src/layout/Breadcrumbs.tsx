import { Link, useLocation } from 'react-router';
import { locate, type NavGroup } from './nav-items.ts';
import { useCurrentTitle } from './use-page-title.ts';

/** Where the page sits: Home › group › section › the page's own title (when it is a page within the section). */
export function Breadcrumbs({ groups }: { groups: NavGroup[] }) {
  const { pathname } = useLocation();
  const title = useCurrentTitle();
  if (pathname === '/') return null;
  const here = locate(pathname, groups);
  const deeper = here !== null && pathname !== here.item.to && title && title !== here.item.label;
  return (
    <nav aria-label="You are here" className="crumbs">
      <ol>
        <li>
          <Link to="/">Home</Link>
        </li>
        {here && <li>{here.group.label}</li>}
        {here && (
          <li>
            {deeper ? (
              <Link to={here.item.to}>{here.item.label}</Link>
            ) : (
              <span aria-current="page">{here.item.label}</span>
            )}
          </li>
        )}
        {(deeper || (!here && title)) && (
          <li>
            <span aria-current="page">{title}</span>
          </li>
        )}
      </ol>
    </nav>
  );
}
