/**
 * The admin pages' routes and menu entries, in one place so App.tsx and AppShell.tsx each add one line. Who sees
 * what follows the API: users for county and township administrators, keys and exchange status for the county.
 */
import { KeyOutlined, NodeIndexOutlined, UserSwitchOutlined } from '@ant-design/icons';
import type { MenuProps } from 'antd';
import type { TFunction } from 'i18next';
import { lazy } from 'react';
import { Navigate, Outlet, Route } from 'react-router-dom';
import { useUser } from '../auth';
import type { Role, User } from '../types';

const UsersPage = lazy(() => import('./UsersPage'));
const DeptKeysPage = lazy(() => import('./DeptKeysPage'));
const ExchangeStatusPage = lazy(() => import('./ExchangeStatusPage'));

const USER_ADMINS: Role[] = ['county_admin', 'township_officer'];
const COUNTY_ADMINS: Role[] = ['county_admin'];

export const canAdmin = {
  users: (user: User) => USER_ADMINS.includes(user.role),
  county: (user: User) => COUNTY_ADMINS.includes(user.role),
};

function Only({ allowed }: { allowed: (user: User) => boolean }) {
  return allowed(useUser()) ? <Outlet /> : <Navigate to="/" replace />;
}

export const adminRoutes = (
  <Route path="admin">
    <Route element={<Only allowed={canAdmin.users} />}>
      <Route path="users" element={<UsersPage />} />
    </Route>
    <Route element={<Only allowed={canAdmin.county} />}>
      <Route path="dept-keys" element={<DeptKeysPage />} />
      <Route path="exchange-status" element={<ExchangeStatusPage />} />
    </Route>
  </Route>
);

/** The side-menu entries this user may open (the menu's labels come from the `admin` namespace). */
export function adminMenuItems(user: User, t: TFunction<'admin'>): NonNullable<MenuProps['items']> {
  return [
    ...(canAdmin.users(user) ? [{ key: '/admin/users', icon: <UserSwitchOutlined />, label: t('menu.users') }] : []),
    ...(canAdmin.county(user)
      ? [
          { key: '/admin/dept-keys', icon: <KeyOutlined />, label: t('menu.deptKeys') },
          { key: '/admin/exchange-status', icon: <NodeIndexOutlined />, label: t('menu.exchangeStatus') },
        ]
      : []),
  ];
}
