import { Link } from 'react-router';
import { usePageTitle } from '../layout/use-page-title.ts';

export function NotFoundPage() {
  usePageTitle('Not found');
  return (
    <section>
      <h1>Not found</h1>
      <p>
        There is no page here. Try <Link to="/people">People</Link> or <Link to="/orgs">Organisations</Link>.
      </p>
    </section>
  );
}
