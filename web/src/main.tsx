import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { App } from './App.tsx';
import { SessionProvider } from './auth/session.tsx';

// The server serves this page at "/" too; the app lives under /ui.
if (window.location.pathname !== '/ui' && !window.location.pathname.startsWith('/ui/')) {
  window.history.replaceState(null, '', `/ui/${window.location.search}${window.location.hash}`);
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <BrowserRouter basename="/ui">
      <SessionProvider>
        <App />
      </SessionProvider>
    </BrowserRouter>
  </StrictMode>,
);
