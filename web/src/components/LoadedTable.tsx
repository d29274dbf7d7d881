import type { ReactNode } from 'react';
import type { Resource } from '../api/use-resource.ts';
import { Empty, Loaded } from './States.tsx';

interface Props<T> {
  resource: Resource<T[]>;
  /** The loading line, e.g. "Loading the runs". */
  what: string;
  /** Shown instead of the table when the list is empty. */
  empty: ReactNode;
  testId: string;
  columns: string[];
  /** A last column for each row's buttons, its header read only by screen readers. */
  actions?: boolean;
  /** One row (`<tr key=…>`) of an item. */
  children: (item: T) => ReactNode;
}

/** A table's header row; `actions` adds the header of a last column of buttons, read only by screen readers. */
export function TableHead({ columns, actions = false }: { columns: string[]; actions?: boolean }) {
  return (
    <thead>
      <tr>
        {columns.map((c) => (
          <th key={c} scope="col">
            {c}
          </th>
        ))}
        {actions && (
          <th scope="col">
            <span className="visually-hidden">Actions</span>
          </th>
        )}
      </tr>
    </thead>
  );
}

/** A loaded list as a table: the loading line, the error with a retry, a line when empty, or a row per item. */
export function LoadedTable<T>({ resource, what, empty, testId, columns, actions = false, children }: Props<T>) {
  return (
    <Loaded resource={resource} what={what}>
      {(list) =>
        list.length === 0 ? (
          <Empty>{empty}</Empty>
        ) : (
          <div className="table-wrap">
            <table data-testid={testId}>
              <TableHead columns={columns} actions={actions} />
              <tbody>{list.map((item) => children(item))}</tbody>
            </table>
          </div>
        )
      }
    </Loaded>
  );
}
