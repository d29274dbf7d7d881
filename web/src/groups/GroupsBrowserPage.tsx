import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useResource } from '../api/use-resource.ts';
import { TextField } from '../components/Field.tsx';
import { ProblemMessage } from '../components/ProblemMessage.tsx';
import { Empty, Loaded } from '../components/States.tsx';
import { useSubmit } from '../components/use-submit.ts';
import { usePageTitle } from '../layout/use-page-title.ts';
import { groupsApi, type Listing } from './groups-api.ts';

/** Folders and groups: walk the folder tree by colon-separated names; create a folder or a group here. */
export function GroupsBrowserPage() {
  usePageTitle('Groups');
  const [params, setParams] = useSearchParams();
  const folderId = params.get('folder') ? Number(params.get('folder')) : null;
  const listing = useResource((signal) => groupsApi.browse(folderId, signal), [folderId]);
  return (
    <section>
      <div className="page-head">
        <h1>Groups</h1>
      </div>
      <Loaded resource={listing} what="Loading the folder">
        {(l) => (
          <>
            <nav aria-label="Folder path" className="breadcrumbs" data-testid="folder-path">
              <button type="button" className="link" onClick={() => setParams({})}>
                All folders
              </button>
              {l.folder && (
                <>
                  {' '}
                  / <span className="mono">{l.folder.name}</span>
                </>
              )}
              {l.folder?.parentId && (
                <>
                  {' '}
                  ·{' '}
                  <button
                    type="button"
                    className="link"
                    onClick={() => setParams({ folder: String(l.folder!.parentId) })}
                  >
                    up
                  </button>
                </>
              )}
            </nav>
            <Contents listing={l} open={(id) => setParams({ folder: String(id) })} />
            {(l.abilities.createFolder || l.abilities.createGroup) && (
              <CreateHere folderId={folderId} abilities={l.abilities} onDone={listing.reload} />
            )}
          </>
        )}
      </Loaded>
    </section>
  );
}

function Contents({ listing, open }: { listing: Listing; open: (id: number) => void }) {
  if (listing.folders.length === 0 && listing.groups.length === 0) return <Empty>Nothing here yet.</Empty>;
  return (
    <div className="table-wrap">
      <table data-testid="folder-contents">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Kind</th>
            <th scope="col">Description</th>
          </tr>
        </thead>
        <tbody>
          {listing.folders.map((f) => (
            <tr key={`f${f.id}`} data-folder={f.name}>
              <td>
                <button type="button" className="link mono" onClick={() => open(f.id)}>
                  {f.name}
                </button>
              </td>
              <td>folder</td>
              <td>{f.description}</td>
            </tr>
          ))}
          {listing.groups.map((g) => (
            <tr key={`g${g.id}`} data-group={g.name}>
              <td>
                <Link to={`/groups/${g.id}`} className="mono">
                  {g.name}
                </Link>
              </td>
              <td>
                {g.kind === 'composite'
                  ? `${g.composite!.op} of ${g.composite!.leftName} and ${g.composite!.rightName}`
                  : `${g.kind} group`}
              </td>
              <td>{g.description}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function CreateHere({
  folderId,
  abilities,
  onDone,
}: {
  folderId: number | null;
  abilities: Listing['abilities'];
  onDone: () => void;
}) {
  const [what, setWhat] = useState<'folder' | 'group'>(abilities.createFolder ? 'folder' : 'group');
  const [extension, setExtension] = useState('');
  const [description, setDescription] = useState('');
  const { error, busy, submit } = useSubmit(
    () =>
      what === 'folder'
        ? groupsApi.createFolder({ parentId: folderId, extension, description })
        : groupsApi.createGroup({ folderId, extension, description }),
    () => {
      setExtension('');
      setDescription('');
      onDone();
    },
  );
  return (
    <form onSubmit={submit} className="card" aria-label="Create here" data-testid="create-here">
      <h2>Create here</h2>
      <fieldset className="inline">
        <legend>What</legend>
        {abilities.createFolder && (
          <label>
            <input type="radio" name="what" checked={what === 'folder'} onChange={() => setWhat('folder')} /> Folder
          </label>
        )}
        {abilities.createGroup && (
          <label>
            <input type="radio" name="what" checked={what === 'group'} onChange={() => setWhat('group')} /> Group
          </label>
        )}
      </fieldset>
      <TextField
        label="Extension (one segment of the name)"
        name="extension"
        value={extension}
        onChange={setExtension}
        error={error}
        required
      />
      <TextField label="Description" name="description" value={description} onChange={setDescription} error={error} />
      <ProblemMessage error={error} shownFields={['extension', 'description']} />
      <button type="submit" disabled={busy}>
        Create {what}
      </button>
    </form>
  );
}
