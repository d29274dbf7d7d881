import { feedsApi } from '../api/feeds.ts';
import { useResource } from '../api/use-resource.ts';
import { TableHead } from '../components/LoadedTable.tsx';
import { Empty, Loaded } from '../components/States.tsx';

/** The first rows a feed selects today, and the link to download the whole file. */
export function FeedPreview({ name, version }: { name: string; version: number }) {
  const preview = useResource((signal) => feedsApi.preview(name, signal), [name, version]);
  return (
    <section aria-labelledby="preview-head">
      <div className="page-head">
        <h2 id="preview-head">Preview</h2>
        <a className="button" href={feedsApi.outputUrl(name)} download>
          Download the whole file
        </a>
      </div>
      <Loaded resource={preview} what="Loading the preview">
        {({ columns, rows }) =>
          rows.length === 0 ? (
            <Empty>Nobody is selected today.</Empty>
          ) : (
            <div className="table-wrap">
              <table data-testid="feed-preview">
                <TableHead columns={columns} />
                <tbody>
                  {rows.map((r, i) => (
                    <tr key={i}>
                      {columns.map((c) => (
                        <td key={c}>{r[c]}</td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
              <p className="muted">
                {rows.length === 1 ? 'The only row' : `The first ${rows.length} rows`}, as the file would hold them
                today.
              </p>
            </div>
          )
        }
      </Loaded>
    </section>
  );
}
