import { useQueryClient } from '@tanstack/react-query';
import { Button, Result } from 'antd';
import { lazy, Suspense, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, Outlet, Route, Routes, useLocation } from 'react-router-dom';
import { adminRoutes } from './admin/routes';
import { setUnauthenticatedListener } from './api';
import { can, EXCHANGE_ROLES, ME_KEY, session, useMe, useUser } from './auth';
import { FullPageError, FullPageLoading, Loading } from './components/States';
import { serviceExtraRoutes } from './services/routes';
import type { User } from './types';

// Each page is its own chunk. /verify and /portal are separate entries (verify.html, portal.html).
const CertificatesPage = lazy(() => import('./certificates/CertificatesPage'));
const WorklistCard = lazy(() => import('./certificates/WorklistCard'));
const CommunityPage = lazy(() => import('./community/CommunityPage'));
const GroupPage = lazy(() => import('./community/GroupPage'));
const ComplaintsPage = lazy(() => import('./complaints/ComplaintsPage'));
const DuplicatesPage = lazy(() => import('./duplicates/DuplicatesPage'));
const loadAppShell = () => import('./components/AppShell');
const AppShell = lazy(loadAppShell);
const ExchangePage = lazy(() => import('./exchange/ExchangePage'));
const ImportPage = lazy(() => import('./import/ImportPage'));
const AccountPage = lazy(() => import('./pages/AccountPage'));
const AuditPage = lazy(() => import('./pages/AuditPage'));
const loadHomePage = () => import('./pages/HomePage');
const HomePage = lazy(loadHomePage);
const LoginPage = lazy(() => import('./pages/LoginPage'));
const NotFoundPage = lazy(() => import('./pages/NotFoundPage'));
const PersonCreatePage = lazy(() => import('./pages/PersonCreatePage'));
const PersonEditPage = lazy(() => import('./pages/PersonEditPage'));
const PersonListPage = lazy(() => import('./pages/PersonListPage'));
const PersonPage = lazy(() => import('./pages/PersonPage'));
const PermitsPage = lazy(() => import('./permits/PermitsPage'));
const PendingPermitsBanner = lazy(() =>
  import('./permits/PermitsPage').then((m) => ({ default: m.PendingPermitsBanner })),
);
const BirthRegistrationsPage = lazy(() => import('./services/BirthRegistrationsPage'));
const ServicesPage = lazy(() => import('./services/ServicesPage'));
const SuppliesPage = lazy(() => import('./services/SuppliesPage'));
const StatsPage = lazy(() => import('./stats/StatsPage'));
const TrainingPage = lazy(() => import('./training/TrainingPage'));

// A signed-in page needs the shell, and the home page its cards: fetch their chunks while the session is
// checked, not one after the other (issue 21: the console's first load). import() loads each chunk once.
if (window.location.pathname !== '/login') {
  void loadAppShell();
  if (window.location.pathname === '/') void loadHomePage();
}

/** Any 401 from the API (session expired, logged out elsewhere) sends the user to the login page. */
function useUnauthenticatedRedirect(): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    setUnauthenticatedListener(() => {
      // <RequireAuth> sees the missing user and redirects, keeping the page to come back to.
      if (queryClient.getQueryData(ME_KEY)) session.markExpired();
      queryClient.setQueryData(ME_KEY, null);
    });
    return () => setUnauthenticatedListener(null);
  }, [queryClient]);
}

function RequireCapability({ allowed }: { allowed: (user: User) => boolean }) {
  const { t } = useTranslation();
  const user = useUser();
  if (allowed(user)) return <Outlet />;
  return (
    <Result
      status="403"
      title={t('states.forbiddenTitle')}
      subTitle={t('states.roleCannot')}
      extra={
        <Link to="/">
          <Button type="primary">{t('states.backHome')}</Button>
        </Link>
      }
      data-testid="forbidden"
    />
  );
}

function RequireAuth() {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) return <FullPageLoading />;
  if (me.isError) return <FullPageError error={me.error} onRetry={() => void me.refetch()} />;
  if (!me.data) {
    const state = { from: location.pathname + location.search, expired: session.wasExpired() };
    return <Navigate to="/login" replace state={state} />;
  }
  return (
    <AppShell>
      <Suspense fallback={<Loading />}>
        <Outlet />
      </Suspense>
    </AppShell>
  );
}

export default function App() {
  useUnauthenticatedRedirect();
  return (
    <Suspense fallback={<FullPageLoading />}>
      <Routes>
        <Route path="/login" element={<LoginPage />} />
        <Route element={<RequireAuth />}>
          <Route index element={<HomePage />} />
          <Route path="account" element={<AccountPage />} />
          <Route element={<RequireCapability allowed={can.readAudit} />}>
            <Route path="audit" element={<AuditPage />} />
          </Route>
          <Route element={<RequireCapability allowed={can.browsePersons} />}>
            <Route path="persons" element={<PersonListPage />} />
            <Route path="persons/:id" element={<PersonPage />} />
            <Route path="complaints" element={<ComplaintsPage />} />
            <Route path="certificates" element={<CertificatesPage />} />
            <Route
              path="worklists"
              element={
                <>
                  <PendingPermitsBanner />
                  <WorklistCard detailed />
                </>
              }
            />
            <Route path="community" element={<CommunityPage />} />
            <Route path="community/groups/:id" element={<GroupPage />} />
            <Route path="supplies" element={<SuppliesPage />} />
            <Route path="birth-registrations" element={<BirthRegistrationsPage />} />
            <Route path="duplicates" element={<DuplicatesPage />} />
            <Route path="trainings" element={<TrainingPage />} />
          </Route>
          <Route element={<RequireCapability allowed={can.recordServices} />}>
            <Route path="services" element={<ServicesPage />} />
          </Route>
          <Route element={<RequireCapability allowed={can.editPersons} />}>
            <Route path="persons/new" element={<PersonCreatePage />} />
            <Route path="import" element={<ImportPage />} />
            <Route path="persons/:id/edit" element={<PersonEditPage />} />
            <Route path="residence-permits" element={<PermitsPage />} />
          </Route>
          <Route element={<RequireCapability allowed={(u) => EXCHANGE_ROLES.includes(u.role)} />}>
            <Route path="exchange" element={<ExchangePage />} />
          </Route>
          <Route element={<RequireCapability allowed={can.viewStats} />}>
            <Route path="stats" element={<StatsPage />} />
          </Route>
          {adminRoutes}
          {serviceExtraRoutes}
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Routes>
    </Suspense>
  );
}
