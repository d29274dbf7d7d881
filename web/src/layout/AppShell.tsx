import { useEffect, useRef, useState } from 'react';
import { NavLink, Outlet, useLocation } from 'react-router';
import { useSession, useUser } from '../auth/session.tsx';
import { ProblemMessage } from '../components/ProblemMessage.tsx';

/** The frame of every signed-in page: skip link, navigation, the user and sign-out. */
export function AppShell() {
  const user = useUser();
  const { abilities } = user;
  const { signOut } = useSession();
  const [error, setError] = useState<unknown>();
  const roles = user.roles.map((r) => r.role).join(', ');
  const { pathname } = useLocation();
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);
  // After navigating, keyboard and screen-reader users start at the new page's content
  // (unless the page put focus somewhere inside itself, like a search box).
  useEffect(() => {
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
        <NavLink to="/people" className="brand">
          Steward
        </NavLink>
        <nav aria-label="Main">
          <ul>
            <li>
              <NavLink to="/inbox">Inbox</NavLink>
            </li>
            <li>
              <NavLink to="/people">People</NavLink>
            </li>
            <li>
              <NavLink to="/orgs">Organisations</NavLink>
            </li>
            <li>
              <NavLink to="/calendars">Calendars</NavLink>
            </li>
            <li>
              <NavLink to="/sources">Sources</NavLink>
            </li>
            <li>
              <NavLink to="/reviews">Reviews</NavLink>
            </li>
            <li>
              <NavLink to="/streams">Streams</NavLink>
            </li>
            <li>
              <NavLink to="/guests/report">Guests</NavLink>
            </li>
            <li>
              <NavLink to="/guests/inbox">Guest requests</NavLink>
            </li>
            <li>
              <NavLink to="/loans">Temporary accounts</NavLink>
            </li>
            <li>
              <NavLink to="/groups">Groups</NavLink>
            </li>
            <li>
              <NavLink to="/governance/policies">Governance</NavLink>
            </li>
            <li>
              <NavLink to="/access">Access</NavLink>
            </li>
            <li>
              <NavLink to="/access-reviews">Attestation</NavLink>
            </li>
            {abilities['feeds:read'] && (
              <li>
                <NavLink to="/feeds">Feeds</NavLink>
              </li>
            )}
            {abilities['provision:read'] && (
              <li>
                <NavLink to="/provisioning">Provisioning</NavLink>
              </li>
            )}
            {abilities['schedule:read'] && (
              <li>
                <NavLink to="/schedule">Schedule</NavLink>
              </li>
            )}
            <li>
              <NavLink to="/mail">Mail</NavLink>
            </li>
            {abilities['audit:read'] && (
              <li>
                <NavLink to="/audit">Audit</NavLink>
              </li>
            )}
            {abilities['changes:read'] && (
              <li>
                <NavLink to="/changes">Change log</NavLink>
              </li>
            )}
            {abilities['accounts:manage'] && (
              <li>
                <NavLink to="/decision-clients">Decision clients</NavLink>
              </li>
            )}
          </ul>
        </nav>
        <div className="whoami">
          <span data-testid="signed-in-user" title={roles}>
            {user.displayName} <span className="muted">({user.username})</span>
          </span>
          <button type="button" className="link-button" onClick={() => signOut().catch(setError)}>
            Sign out
          </button>
        </div>
      </header>
      {error !== undefined && <ProblemMessage error={error} />}
      <main id="main" tabIndex={-1} ref={main}>
        <Outlet />
      </main>
    </div>
  );
}
