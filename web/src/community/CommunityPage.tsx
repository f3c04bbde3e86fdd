/** Community grid work: household groups, households, visits, employers and landlords, outreach. */
import { Card, Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import GroupsTab from './GroupsTab';
import HouseholdsTab from './HouseholdsTab';
import OutreachTab from './OutreachTab';
import PartiesTab from './PartiesTab';
import VisitsTab from './VisitsTab';

export default function CommunityPage() {
  const { t } = useTranslation('community');
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') ?? 'groups';
  return (
    <div className="page">
      <div className="page-header">
        <Typography.Title level={3} className="page-title">
          {t('title')}
        </Typography.Title>
      </div>
      <Card>
        <Tabs
          activeKey={tab}
          onChange={(key) => setParams({ tab: key }, { replace: true })}
          destroyOnHidden
          items={[
            { key: 'groups', label: t('tabGroups'), children: <GroupsTab /> },
            { key: 'households', label: t('tabHouseholds'), children: <HouseholdsTab /> },
            { key: 'visits', label: t('tabVisits'), children: <VisitsTab /> },
            { key: 'parties', label: t('tabParties'), children: <PartiesTab /> },
            { key: 'outreach', label: t('tabOutreach'), children: <OutreachTab /> },
          ]}
          data-testid="community-tabs"
        />
      </Card>
    </div>
  );
}
