/** On the person page: employer and landlord links, visits, and the services due (shown when visiting). */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Modal, Select, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { problem } from './api';
import {
  fetchEmployerLinks,
  fetchParties,
  fetchPersonVisits,
  type EmployerLinks as Links,
  saveEmployerLinks,
} from './queries';
import { DueServices, VisitForm, VisitTable } from './VisitsTab';

function PartySelect(props: {
  kind: 'employer' | 'landlord';
  value: string | null;
  onChange: (v: string | null) => void;
}) {
  const parties = useQuery({
    queryKey: ['community', 'parties', props.kind],
    queryFn: () => fetchParties({ kind: props.kind, pageSize: 200 }),
  });
  return (
    <Select
      allowClear
      showSearch={{ optionFilterProp: 'label' }}
      style={{ minWidth: 240 }}
      value={props.value ?? undefined}
      onChange={(v: string | undefined) => props.onChange(v ?? null)}
      options={(parties.data?.items ?? []).map((p) => ({ value: p.id, label: p.name }))}
      data-testid={`link-${props.kind}`}
    />
  );
}

/** `ownHome`: the person lives in their own home (自有住房), so no landlord is shown or offered. */
export default function PersonCommunityCard({ personId, ownHome = false }: { personId: string; ownHome?: boolean }) {
  const { t } = useTranslation('community');
  const client = useQueryClient();
  const linksKey = ['community', 'links', personId];
  const visitsKey = ['community', 'person-visits', personId];
  const links = useQuery({ queryKey: linksKey, queryFn: () => fetchEmployerLinks(personId) });
  const visits = useQuery({
    queryKey: visitsKey,
    queryFn: () => fetchPersonVisits(personId),
  });
  const [editing, setEditing] = useState<{ employerId: string | null; landlordId: string | null } | null>(null);
  const [visitOpen, setVisitOpen] = useState(false);
  const save = useMutation({
    mutationFn: (v: { employerId: string | null; landlordId: string | null }) => saveEmployerLinks(personId, v),
    onSuccess: (data) => {
      client.setQueryData(linksKey, data);
      setEditing(null);
    },
  });
  const l = links.data;
  const describe = (p: Links['employer']) => (p ? `${p.name}${p.contactPhone ? `（${p.contactPhone}）` : ''}` : '—');
  return (
    <Card className="detail-card" title={`${t('links')} · ${t('visits')}`} data-testid="person-community">
      {save.error ? <Alert type="error" showIcon title={problem(save.error)} style={{ marginBottom: 12 }} /> : null}
      {editing ? (
        <Space wrap style={{ marginBottom: 12 }}>
          <span>{t('linkEmployer')}</span>
          <PartySelect
            kind="employer"
            value={editing.employerId}
            onChange={(v) => setEditing({ ...editing, employerId: v })}
          />
          {ownHome ? null : (
            <>
              <span>{t('linkLandlord')}</span>
              <PartySelect
                kind="landlord"
                value={editing.landlordId}
                onChange={(v) => setEditing({ ...editing, landlordId: v })}
              />
            </>
          )}
          <Button type="primary" loading={save.isPending} onClick={() => save.mutate(editing)} data-testid="links-save">
            {t('save')}
          </Button>
          <Button onClick={() => setEditing(null)}>{t('cancel')}</Button>
        </Space>
      ) : (
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 1, md: 2 }}
          style={{ marginBottom: 12 }}
          items={[
            {
              key: 'e',
              label: t('linkEmployer'),
              children: <span data-testid="linked-employer">{describe(l?.employer ?? null)}</span>,
            },
            ...(ownHome
              ? []
              : [
                  {
                    key: 'l',
                    label: t('linkLandlord'),
                    children: <span data-testid="linked-landlord">{describe(l?.landlord ?? null)}</span>,
                  },
                ]),
          ]}
          extra={
            <Button
              size="small"
              onClick={() => setEditing({ employerId: l?.employer?.id ?? null, landlordId: l?.landlord?.id ?? null })}
              data-testid="links-edit"
            >
              {t('editLinks')}
            </Button>
          }
        />
      )}
      <DueServices items={visits.data?.due ?? []} />
      <div style={{ margin: '12px 0' }}>
        <Button type="primary" onClick={() => setVisitOpen(true)} data-testid="person-new-visit">
          {t('newVisit')}
        </Button>
      </div>
      <VisitTable items={visits.data?.items ?? []} loading={visits.isPending} />
      <Modal title={t('newVisit')} open={visitOpen} onCancel={() => setVisitOpen(false)} footer={null} destroyOnHidden>
        <VisitForm personId={personId} onSaved={() => void client.invalidateQueries({ queryKey: visitsKey })} />
      </Modal>
    </Card>
  );
}
