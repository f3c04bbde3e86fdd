/** The signed-in frame: side menu by capability, header with the user, language switch and logout. */
import {
  ApartmentOutlined,
  AuditOutlined,
  BarChartOutlined,
  CloudUploadOutlined,
  CommentOutlined,
  CopyOutlined,
  FileProtectOutlined,
  HomeOutlined,
  IdcardOutlined,
  LogoutOutlined,
  MedicineBoxOutlined,
  ReadOutlined,
  SafetyCertificateOutlined,
  ScheduleOutlined,
  SwapOutlined,
  TeamOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { Avatar, Button, Layout, Menu, type MenuProps, Tag, Tooltip, Typography } from 'antd';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate } from 'react-router-dom';
import { adminMenuItems } from '../admin/routes';
import { can, useLogout, useUser } from '../auth';
import { serviceExtraMenuItems } from '../services/routes';
import LanguageSwitch from './LanguageSwitch';

const { Header, Sider, Content } = Layout;

export default function AppShell({ children }: { children: ReactNode }) {
  const { t, i18n } = useTranslation(['common', 'login']);
  const user = useUser();
  const logout = useLogout();
  const navigate = useNavigate();
  const location = useLocation();
  const [collapsed, setCollapsed] = useState(false);

  const items: MenuProps['items'] = [
    { key: '/', icon: <HomeOutlined />, label: t('menu.home') },
    ...(can.browsePersons(user) ? [{ key: '/persons', icon: <TeamOutlined />, label: t('menu.persons') }] : []),
    ...(can.browsePersons(user)
      ? [{ key: '/duplicates', icon: <CopyOutlined />, label: i18n.getFixedT(null, 'duplicates')('menu') }]
      : []),
    ...(can.readAudit(user) ? [{ key: '/audit', icon: <AuditOutlined />, label: t('audit.menu') }] : []),
    ...(can.editPersons(user)
      ? [
          {
            key: '/import',
            icon: <CloudUploadOutlined />,
            label: t('menu.import'),
          },
          { key: '/residence-permits', icon: <IdcardOutlined />, label: i18n.getFixedT(null, 'permits')('menu') },
        ]
      : []),
    { type: 'divider' },
    ...(can.browsePersons(user)
      ? [
          { key: '/certificates', icon: <FileProtectOutlined />, label: t('menu.certificates') },
          { key: '/worklists', icon: <ScheduleOutlined />, label: t('menu.worklists') },
          {
            key: '/community',
            icon: <ApartmentOutlined />,
            label: t('menu.community'),
          },
          {
            key: '/complaints',
            icon: <CommentOutlined />,
            label: t('menu.complaints'),
          },
        ]
      : []),
    ...(can.recordServices(user)
      ? [{ key: '/services', icon: <MedicineBoxOutlined />, label: t('menu.services') }]
      : []),
    ...(can.browsePersons(user)
      ? [
          {
            key: '/supplies',
            icon: <MedicineBoxOutlined />,
            label: t('menu.supplies'),
          },
          {
            key: '/birth-registrations',
            icon: <FileProtectOutlined />,
            label: t('menu.births'),
          },
          { key: '/trainings', icon: <ReadOutlined />, label: i18n.getFixedT(null, 'training')('menu') },
        ]
      : []),
    ...(['county_admin', 'township_officer'].includes(user.role)
      ? [{ key: '/exchange', icon: <SwapOutlined />, label: t('menu.exchange') }]
      : []),
    ...(can.viewStats(user) ? [{ key: '/stats', icon: <BarChartOutlined />, label: t('menu.reports') }] : []),
    ...serviceExtraMenuItems(user, i18n.getFixedT(null, 'services')),
    ...adminMenuItems(user, i18n.getFixedT(null, 'admin')),
  ];
  // The menu item whose path starts the current location (one list, so a new page cannot be forgotten here).
  const selected =
    (items ?? [])
      .map((item) => String(item?.key ?? '/'))
      .find((key) => key !== '/' && location.pathname.startsWith(key)) ?? '/';

  const onLogout = async () => {
    await logout();
    navigate('/login', { replace: true });
  };

  return (
    <Layout className="shell">
      <Sider
        breakpoint="lg"
        collapsedWidth={0}
        collapsed={collapsed}
        onCollapse={setCollapsed}
        width={220}
        className="shell-sider"
      >
        <div className="shell-brand">
          <span className="shell-brand-mark">{t('shell.brandMark')}</span>
          <span className="shell-brand-text">
            <span className="shell-brand-name">{t('app.name')}</span>
            <span className="shell-brand-sub">{t('app.subtitle')}</span>
          </span>
        </div>
        <Menu
          theme="dark"
          mode="inline"
          selectedKeys={[selected]}
          items={items}
          onClick={({ key }) => {
            if (!key.startsWith('/')) return;
            navigate(key);
            // On a phone the menu covers the page; close it after choosing.
            if (window.matchMedia('(max-width: 991px)').matches) setCollapsed(true);
          }}
          data-testid="side-menu"
        />
      </Sider>
      <Layout>
        <Header className="shell-header">
          <div className="shell-header-place">
            <Typography.Text type="secondary" className="shell-division" data-testid="user-division">
              {user.division.fullName}
            </Typography.Text>
          </div>
          <div className="shell-header-user">
            <LanguageSwitch />
            <span className="shell-user" data-testid="user-name">
              <Avatar size="small" icon={<UserOutlined />} className="shell-avatar" />
              <span className="shell-user-name">{user.displayName}</span>
              <Tag color="blue" data-testid="user-role">
                {t(`roles.${user.role}`)}
              </Tag>
            </span>
            <Tooltip title={t('account.link')}>
              <Link to="/account" data-testid="account-link">
                <Button icon={<SafetyCertificateOutlined />}>
                  <span className="hide-narrow">{t('account.link')}</span>
                </Button>
              </Link>
            </Tooltip>
            <Tooltip title={t('shell.logout')}>
              <Button icon={<LogoutOutlined />} onClick={() => void onLogout()} data-testid="logout">
                <span className="hide-narrow">{t('shell.logout')}</span>
              </Button>
            </Tooltip>
          </div>
        </Header>
        <Content className="shell-content">{children}</Content>
      </Layout>
    </Layout>
  );
}
