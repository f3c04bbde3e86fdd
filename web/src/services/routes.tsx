/**
 * Routes and menu entries of the bookings and reminders pages (issue 26), in one place so App.tsx and
 * AppShell.tsx each add one line. Who sees what follows the API: a provider its facility's bookings, registry
 * staff the reminders sent in their area.
 */
import { CalendarOutlined, MessageOutlined } from '@ant-design/icons';
import type { MenuProps } from 'antd';
import { lazy } from 'react';
import { Navigate, Outlet, Route } from 'react-router-dom';
import { can, useUser } from '../auth';
import type { User } from '../types';

const FacilityBookingsPage = lazy(() => import('./FacilityBookingsPage'));
const RemindersPage = lazy(() => import('./RemindersPage'));

const isProvider = (user: User) => user.role === 'provider';

function Only({ allowed }: { allowed: (user: User) => boolean }) {
  return allowed(useUser()) ? <Outlet /> : <Navigate to="/" replace />;
}

export const serviceExtraRoutes = (
  <>
    <Route element={<Only allowed={isProvider} />}>
      <Route path="facility-bookings" element={<FacilityBookingsPage />} />
    </Route>
    <Route element={<Only allowed={can.browsePersons} />}>
      <Route path="reminders" element={<RemindersPage />} />
    </Route>
  </>
);

/** `t` is the services namespace's (`i18n.getFixedT(null, 'services')`). */
export function serviceExtraMenuItems(user: User, t: (key: string) => string): NonNullable<MenuProps['items']> {
  return [
    ...(isProvider(user) ? [{ key: '/facility-bookings', icon: <CalendarOutlined />, label: t('menuBookings') }] : []),
    ...(can.browsePersons(user) ? [{ key: '/reminders', icon: <MessageOutlined />, label: t('menuReminders') }] : []),
  ];
}
