import { useState } from 'react';
import type { Kind, UnitDetail } from '../api/org-types.ts';
import { isEnded } from '../components/format.ts';
import { AppointOfficerDialog } from './AppointOfficerDialog.tsx';
import { UnitEditDialog } from './UnitEditDialog.tsx';
import { UnitEndDialog } from './UnitEndDialog.tsx';
import { UnitMoveDialog } from './UnitMoveDialog.tsx';

type Open = 'edit' | 'move' | 'end' | 'appoint' | null;

/** Edit (rename and the rest), move under another parent, appoint an officer, or end a unit. */
export function UnitActions({
  unit,
  etag,
  kind,
  onChanged,
}: {
  unit: UnitDetail;
  etag: string;
  kind?: Kind;
  onChanged: () => void;
}) {
  const [open, setOpen] = useState<Open>(null);
  const done = () => {
    setOpen(null);
    onChanged();
  };
  return (
    <div className="row" style={{ marginBottom: '1rem' }}>
      <button type="button" onClick={() => setOpen('edit')}>
        Edit or rename
      </button>
      {unit.parentId !== null && (
        <button type="button" onClick={() => setOpen('move')}>
          Move
        </button>
      )}
      <button type="button" onClick={() => setOpen('appoint')}>
        Appoint officer
      </button>
      {!isEnded(unit.validTo) && (
        <button type="button" className="danger" onClick={() => setOpen('end')}>
          End unit…
        </button>
      )}
      {open === 'edit' && (
        <UnitEditDialog
          unit={unit}
          etag={etag}
          kind={kind}
          onClose={() => setOpen(null)}
          onDone={done}
          onReload={done}
        />
      )}
      {open === 'move' && (
        <UnitMoveDialog unit={unit} etag={etag} onClose={() => setOpen(null)} onDone={done} onReload={done} />
      )}
      {open === 'appoint' && <AppointOfficerDialog unit={unit} onClose={() => setOpen(null)} onDone={done} />}
      {open === 'end' && (
        <UnitEndDialog unit={unit} etag={etag} onClose={() => setOpen(null)} onDone={done} onReload={done} />
      )}
    </div>
  );
}
