import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, Outlet, useLocation } from 'react-router';
import { useSession, useUser } from '../auth/session.tsx';
import { ProblemMessage } from '../components/ProblemMessage.tsx';
import { Breadcrumbs } from './Breadcrumbs.tsx';
import { MainNav } from './MainNav.tsx';
import { visibleNav } from './nav-items.ts';

/** The frame of every signed-in page: skip link, grouped navigation, breadcrumb, the user and sign-out. */
export function AppShell() {
  const user = useUser();
  const { signOut } = useSession();
  const [error, setError] = useState<unknown>();
  const [menuOpen, setMenuOpen] = useState(false);
  const groups = useMemo(() => visibleNav(user.abilities), [user.abilities]);
  const roles = user.roles.map((r) => r.role).join(', ');
  const { pathname } = useLocation();
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);
  // After navigating, keyboard and screen-reader users start at the new page's content
  // (unless the page put focus somewhere inside itself, like a search box).
  useEffect(() => {
    setMenuOpen(false);
    if (first.current) {
      first.current = false;
      return;
    }
    if (main.current && !main.current.contains(document.activeElement)) main.current.focus();
  }, [pathname]);
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <div className="topbar-row">
          <Link to="/" className="brand">
            Steward
          </Link>
          <button
            type="button"
            className="menu-button"
            aria-expanded={menuOpen}
            aria-controls="main-nav"
            onClick={() => setMenuOpen((o) => !o)}
          >
            Menu
          </button>
          <div className="whoami">
            <span data-testid="signed-in-user" title={roles}>
              {user.displayName} <span className="muted">({user.username})</span>
            </span>
            <button type="button" className="link-button" onClick={() => signOut().catch(setError)}>
              Sign out
            </button>
          </div>
        </div>
        <div id="main-nav" className="nav-row">
          <MainNav groups={groups} open={menuOpen} onClose={() => setMenuOpen(false)} />
        </div>
      </header>
      {error !== undefined && <ProblemMessage error={error} />}
      <main id="main" tabIndex={-1} ref={main}>
        <Breadcrumbs groups={groups} />
        <Outlet />
      </main>
    </div>
  );
}
