/**
 * Entry of portal.html: the resident portal alone, without the console or its pages. i18next carries only the
 * `common` and `portal` namespaces; the language comes from ../lang.ts, and antd loads after sign-in
 * (PortalHome.tsx).
 */
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiError } from '../api';
import common from '../i18n/locales';
import { initI18n } from '../i18n/setup';
import '../public.css';
import './portal.css';
import portal from './locales';
import PortalApp from './PortalApp';

initI18n({ common, portal }, 'portal');

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      refetchOnWindowFocus: false,
      retry: (count, error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2,
    },
  },
});

const container = document.getElementById('root');
if (!container) throw new Error('#root missing from portal.html');

createRoot(container).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <PortalApp />
    </QueryClientProvider>
  </StrictMode>,
);
