import { Navigate, Route, Routes } from 'react-router';
import { useSession } from './auth/session.tsx';
import { Loading } from './components/States.tsx';
import { AppShell } from './layout/AppShell.tsx';
import { AuditPage } from './pages/AuditPage.tsx';
import { ChangeLogPage } from './pages/ChangeLogPage.tsx';
import { LoginPage } from './pages/LoginPage.tsx';
import { NotFoundPage } from './pages/NotFoundPage.tsx';

/** Sign-in first; then the shell with every page. */
export function App() {
  const { state } = useSession();
  if (state.status === 'checking') return <main className="centered"><Loading what="Starting Steward" /></main>;
  if (state.status === 'signed-out') return <LoginPage />;
  return (
    <Routes>
      <Route element={<AppShell />}>
        <Route index element={<Navigate to="/people" replace />} />
        <Route path="audit" element={<AuditPage />} />
        <Route path="changes" element={<ChangeLogPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
