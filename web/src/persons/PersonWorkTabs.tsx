/** The person page's work tabs: 证明, 服务记录 and 生育登记 of this person, each refreshed after an action. */
import { useQuery } from '@tanstack/react-query';
import { Button, Empty, Space, Table } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { PersonCertificates } from '../certificates/CertificatesPage';
import { isCertificateKind } from '../certificates/queries';
import { ErrorState, Loading } from '../components/States';
import { StatusTag } from '../services/BirthRegistrationsPage';
import { fetchPersonServices, fetchRegistrations, type Registration } from '../services/queries';
import { ServiceTable } from '../services/ServicesPage';
import type { Person } from '../types';
import { fetchWorkItems, workItemKeys } from './queries';
import ServiceModal from './ServiceModal';
import { usePersonRefresh } from './WorkItemsPanel';

export function CertificatesTab({ person }: { person: Person }) {
  const refresh = usePersonRefresh(person.id);
  // The 待办 panel's query (same key, already loaded) says which kinds this user may issue this person.
  const items = useQuery({
    queryKey: workItemKeys.person(person.id),
    queryFn: ({ signal }) => fetchWorkItems(person.id, signal),
  });
  return (
    <PersonCertificates person={person} onChanged={refresh} kinds={items.data?.issueKinds.filter(isCertificateKind)} />
  );
}

export function ServicesTab({ personId }: { personId: string }) {
  const { t } = useTranslation('persons');
  const refresh = usePersonRefresh(personId);
  const [recording, setRecording] = useState(false);
  const services = useQuery({
    queryKey: ['person-services', personId],
    queryFn: ({ signal }) => fetchPersonServices(personId, signal),
  });
  if (services.isPending) return <Loading />;
  if (services.isError) return <ErrorState error={services.error} onRetry={() => void services.refetch()} />;
  return (
    <div data-testid="person-services">
      <Space style={{ marginBottom: 12 }}>
        <Button type="primary" onClick={() => setRecording(true)} data-testid="tab-record-service">
          {t('work.recordService')}
        </Button>
      </Space>
      <ServiceTable items={services.data.items} />
      {recording ? (
        <ServiceModal
          personId={personId}
          serviceKind="reproductive_checkup"
          open
          onDone={refresh}
          onClose={() => setRecording(false)}
        />
      ) : null}
    </div>
  );
}

export function BirthsTab({ personId }: { personId: string }) {
  const { t } = useTranslation('persons');
  const { t: ts } = useTranslation('services');
  const navigate = useNavigate();
  const births = useQuery({
    queryKey: ['person-births', personId],
    queryFn: ({ signal }) => fetchRegistrations({ personId, pageSize: 50 }, signal),
  });
  if (births.isPending) return <Loading />;
  if (births.isError) return <ErrorState error={births.error} onRetry={() => void births.refetch()} />;
  return (
    <div data-testid="person-births">
      <Space style={{ marginBottom: 12 }}>
        <Button onClick={() => navigate(`/birth-registrations?personId=${personId}`)} data-testid="tab-new-birth">
          {t('work.newBirth')}
        </Button>
      </Space>
      <Table<Registration>
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={births.data.items}
        locale={{ emptyText: <Empty description={t('work.noBirths')} /> }}
        onRow={(r) => ({
          onClick: () => navigate(`/birth-registrations?id=${r.id}`),
          style: { cursor: 'pointer' },
        })}
        columns={[
          { title: ts('number'), dataIndex: 'number', className: 'mono' },
          { title: ts('childOrder'), dataIndex: 'childOrder', width: 70 },
          { title: ts('childBornOn'), render: (_, r) => r.childBornOn ?? `${ts('expectedOn')} ${r.expectedOn}` },
          { title: ts('state'), render: (_, r) => <StatusTag status={r.status} /> },
          { title: ts('submittedAt'), render: (_, r) => r.submittedAt.slice(0, 10) },
        ]}
      />
    </div>
  );
}
