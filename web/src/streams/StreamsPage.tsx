import { Link } from 'react-router';
import { streamsApi } from '../api/streams.ts';
import { useResource } from '../api/use-resource.ts';
import { Empty, Loaded } from '../components/States.tsx';
import { usePageTitle } from '../layout/use-page-title.ts';

/** Every auxiliary status stream: which office manages it and its fields. */
export function StreamsPage() {
  usePageTitle('Streams');
  const streams = useResource((signal) => streamsApi.list(signal), []);
  return (
    <section>
      <div className="page-head">
        <h1>Status streams</h1>
      </div>
      <p className="muted">
        An office keeps its own values per status type (a library’s patron type and loan period, a parking permit
        class); anyone asks who has a value.
      </p>
      <Loaded resource={streams} what="Loading the streams">
        {(list) =>
          list.length === 0 ? (
            <Empty>No streams are defined yet.</Empty>
          ) : (
            <div className="table-wrap">
              <table data-testid="streams">
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Label</th>
                    <th scope="col">Office</th>
                    <th scope="col">Fields</th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((s) => (
                    <tr key={s.name} data-stream={s.name}>
                      <td>
                        <Link to={`/streams/${encodeURIComponent(s.name)}`} className="mono">
                          {s.name}
                        </Link>
                      </td>
                      <td>{s.label}</td>
                      <td>{s.accessRole}</td>
                      <td>{s.fields.map((f) => f.label).join(', ') || <span className="muted">none</span>}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </Loaded>
    </section>
  );
}
