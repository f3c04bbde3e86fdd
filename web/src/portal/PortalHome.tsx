/**
 * The signed-in portal: the notice to accept, then five tabs. Its own chunk with antd, loaded after sign-in
 * (PortalApp.tsx); antd's locale and theme follow the language here.
 */
import { App as AntApp, ConfigProvider, Tabs } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { useTranslation } from 'react-i18next';
import { useLang } from '../lang';
import { theme } from '../theme';
import { Consent } from './Consent';
import { AccessTab, CertificatesTab, ComplaintsTab, MeTab } from './PortalTabs';
import { ServicesTab } from './ServicesTab';
import type { PortalMe } from './shared';

export default function PortalHome({ me }: { me: PortalMe }) {
  const english = useLang() === 'en';
  return (
    <ConfigProvider locale={english ? enUS : zhCN} theme={theme}>
      <AntApp>{me.consent.terms ? <PortalTabs me={me} /> : <Consent me={me} />}</AntApp>
    </ConfigProvider>
  );
}

function PortalTabs({ me }: { me: PortalMe }) {
  const { t } = useTranslation('portal');
  return (
    <Tabs
      defaultActiveKey="me"
      centered
      size="small"
      items={[
        { key: 'me', label: t('tabMe'), children: <MeTab me={me} /> },
        {
          key: 'certs',
          label: t('tabCerts'),
          children: <CertificatesTab suggestedOrder={(me.person?.children.length ?? 0) + 1} />,
        },
        { key: 'services', label: t('tabServices'), children: <ServicesTab health={me.consent.health} /> },
        { key: 'complaints', label: t('tabComplaints'), children: <ComplaintsTab /> },
        { key: 'access', label: t('tabAccess'), children: <AccessTab /> },
      ]}
      data-testid="portal-tabs"
    />
  );
}
