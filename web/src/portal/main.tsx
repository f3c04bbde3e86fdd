/**
 * Entry of portal.html: the resident portal alone. antd stays (forms, tabs), but not the console, its
 * i18next or its pages; the language comes from ../lang.ts.
 */
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { type ReactNode, StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiError } from '../api';
import { useLang } from '../lang';
import { theme } from '../theme';
import '../public.css';
import './portal.css';
import PortalApp from './PortalApp';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      refetchOnWindowFocus: false,
      retry: (count, error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2,
    },
  },
});

function Providers({ children }: { children: ReactNode }) {
  const english = useLang() === 'en';
  return (
    <ConfigProvider locale={english ? enUS : zhCN} theme={theme}>
      <AntApp>{children}</AntApp>
    </ConfigProvider>
  );
}

const container = document.getElementById('root');
if (!container) throw new Error('#root missing from portal.html');

createRoot(container).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <Providers>
        <PortalApp />
      </Providers>
    </QueryClientProvider>
  </StrictMode>,
);
