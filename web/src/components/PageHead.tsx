import type { ReactNode } from 'react';
import { Link } from 'react-router';

interface Props {
  title: ReactNode;
  /** The breadcrumb: the parent page's link and label, and this page under it ("new", a name). */
  parent?: { to: string; label: string; here: ReactNode };
  /** Beside the title: a badge, a link to make a new one. */
  children?: ReactNode;
}

/** A page's heading, under its breadcrumb when it has a parent page. */
export function PageHead({ title, parent, children }: Props) {
  return (
    <>
      {parent && (
        <nav className="crumbs" aria-label="Breadcrumb">
          <Link to={parent.to}>{parent.label}</Link> / {parent.here}
        </nav>
      )}
      <div className="page-head">
        <h1>{title}</h1>
        {children}
      </div>
    </>
  );
}
