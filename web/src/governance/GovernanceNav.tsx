import { NavLink } from 'react-router';

/** The governance pages, one link each (under every governance page's heading). */
export function GovernanceNav() {
  return (
    <nav aria-label="Governance" className="subnav">
      <NavLink to="/governance/policies" end>
        Policies
      </NavLink>{' '}
      · <NavLink to="/governance/exclusions">Separation of duties</NavLink> ·{' '}
      <NavLink to="/governance/holds">Mass-loss holds</NavLink> ·{' '}
      <NavLink to="/governance/request">Request membership</NavLink> · <NavLink to="/inbox">Inbox</NavLink>
    </nav>
  );
}
