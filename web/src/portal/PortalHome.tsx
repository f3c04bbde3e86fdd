/** The signed-in portal: five tabs. Its own chunk, loaded after sign-in (PortalApp.tsx). */
import { Tabs } from 'antd';
import { AccessTab, CertificatesTab, ComplaintsTab, MeTab, ServicesTab } from './PortalTabs';
import { type PortalMe, usePortalText } from './shared';

export default function PortalHome({ me }: { me: PortalMe }) {
  const { s } = usePortalText();
  return (
    <Tabs
      defaultActiveKey="me"
      centered
      size="small"
      items={[
        { key: 'me', label: s.tabMe, children: <MeTab me={me} /> },
        {
          key: 'certs',
          label: s.tabCerts,
          children: <CertificatesTab suggestedOrder={(me.person?.children.length ?? 0) + 1} />,
        },
        { key: 'services', label: s.tabServices, children: <ServicesTab health={me.consent.health} /> },
        { key: 'complaints', label: s.tabComplaints, children: <ComplaintsTab /> },
        { key: 'access', label: s.tabAccess, children: <AccessTab /> },
      ]}
      data-testid="portal-tabs"
    />
  );
}
