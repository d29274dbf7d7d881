import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { homeApi, type HomeView } from '../api/home.ts';
import { useResource } from '../api/use-resource.ts';
import { useUser } from '../auth/session.tsx';
import { formatDate } from '../components/format.ts';
import { Loaded } from '../components/States.tsx';
import { usePageTitle } from '../layout/use-page-title.ts';

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** One thing that may need the person: its count (0 reads as "nothing"), what it is, where to act. */
function Need({
  name,
  count,
  to,
  action,
  children,
}: {
  name: string;
  count: number;
  to: string;
  action: string;
  children?: ReactNode;
}) {
  return (
    <article className={count > 0 ? 'card need due' : 'card need'} data-need={name}>
      <h2>
        <span className="need-count" data-testid={`count-${name}`}>
          {count}
        </span>{' '}
        {action}
      </h2>
      {children}
      <p>
        <Link to={to}>
          {count > 0 ? 'Open' : 'Go to'} {name}
        </Link>
      </p>
    </article>
  );
}

function Needs({ home }: { home: HomeView }) {
  return (
    <div className="grid-2">
      <Need
        name="approvals"
        count={home.approvals.count}
        to="/inbox"
        action={home.approvals.count === 1 ? 'approval waiting for you' : 'approvals waiting for you'}
      />
      <Need
        name="access reviews"
        count={home.reviews.count}
        to="/access-reviews"
        action="access review items to decide"
      >
        {home.reviews.campaigns.length > 0 && (
          <ul>
            {home.reviews.campaigns.map((c) => (
              <li key={c.id}>
                <Link to={`/access-reviews/${c.id}`}>{c.label}</Link>: {plural(c.undecided, 'item', 'items')}, due{' '}
                {formatDate(c.deadline)}
              </li>
            ))}
          </ul>
        )}
      </Need>
      <Need
        name="guests"
        count={home.expiringGuests.count}
        to="/guests/inbox"
        action={`guests you vouch for ending within ${home.expiringGuests.within} days`}
      >
        {home.expiringGuests.items.length > 0 && (
          <ul>
            {home.expiringGuests.items.map((g) => (
              <li key={g.guestId}>
                <Link to={`/guests/${g.guestId}`}>{g.personName}</Link> until {formatDate(g.validTo)}
              </li>
            ))}
          </ul>
        )}
      </Need>
      {home.heldSnapshots && (
        <Need name="sources" count={home.heldSnapshots.count} to="/sources" action="snapshots held for your decision" />
      )}
      {home.provisioning && (
        <Need
          name="provisioning"
          count={home.provisioning.errors + home.provisioning.heldTargets}
          to="/provisioning"
          action="provisioning problems"
        >
          <p>
            {plural(home.provisioning.errors, 'object', 'objects')} in error,{' '}
            {plural(home.provisioning.heldTargets, 'target', 'targets')} held (a pass would retire too many accounts)
          </p>
        </Need>
      )}
    </div>
  );
}

/** The home page: what needs the signed-in person now, then shortcuts to what they do often. */
export function HomePage() {
  usePageTitle('Home');
  const user = useUser();
  const a = user.abilities;
  const home = useResource((signal) => homeApi.get(signal), []);
  const shortcuts = [
    a['people:read'] && { to: '/people', label: 'Find a person' },
    a['guests:submit'] && { to: '/guests/requests/new', label: 'Ask for a guest' },
    a['guests:submit'] && { to: '/governance/request', label: 'Request a group membership' },
    a['access:check'] && { to: '/access/check', label: 'Check access' },
    a['orgs:read'] && { to: '/orgs', label: 'Organisations' },
    a['audit:read'] && { to: '/audit', label: 'Audit log' },
  ].filter((s): s is { to: string; label: string } => !!s);
  return (
    <section>
      <h1>Hello, {user.displayName}</h1>
      <h2 className="visually-hidden">What needs you</h2>
      <Loaded resource={home} what="Loading what needs you">
        {(h) => <Needs home={h} />}
      </Loaded>
      {shortcuts.length > 0 && (
        <nav aria-label="Shortcuts" className="shortcuts">
          <h2>Shortcuts</h2>
          <ul>
            {shortcuts.map((s) => (
              <li key={s.to}>
                <Link to={s.to}>{s.label}</Link>
              </li>
            ))}
          </ul>
        </nav>
      )}
    </section>
  );
}
