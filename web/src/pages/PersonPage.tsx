import { ArrowLeftOutlined, EditOutlined, EyeOutlined, MergeCellsOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, type DescriptionsProps, Space, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { can, useUser } from '../auth';
import PersonCommunityCard from '../community/PersonCommunityCard';
import { ErrorState, errorMessage, Loading } from '../components/States';
import InquiryButton from '../exchange/InquiryModal';
import MergeDialog from '../merge/MergeDialog';
import MergesPanel, { MergedBanner } from '../merge/MergesPanel';
import { ChildbearingTag, dash, FlowTag, formatDateTime, sexLabel } from '../persons/labels';
import { AccessLogTab, EpisodesTab, HistoryTab } from '../persons/PersonTabs';
import { BirthsTab, CertificatesTab, ServicesTab } from '../persons/PersonWorkTabs';
import { fetchPerson, personKeys } from '../persons/queries';
import WorkItemsPanel from '../persons/WorkItemsPanel';
import PersonTimeline, { TimelineTabLabel } from '../services/PersonTimeline';
import type { Person } from '../types';

function IdNumberCell({ person }: { person: Person }) {
  const { t } = useTranslation(['persons', 'common']);
  const [reveal, setReveal] = useState(false);
  const revealed = useQuery({
    queryKey: personKeys.revealed(person.id),
    queryFn: ({ signal }) => fetchPerson(person.id, true, signal),
    enabled: reveal,
    staleTime: 0,
    gcTime: 0,
  });
  const full = reveal ? revealed.data?.idNumber : undefined;
  return (
    <Space wrap size={8}>
      <span className="mono" data-testid="id-number">
        {full ?? person.idNumberMasked}
      </span>
      {full ? (
        <Button size="small" type="link" onClick={() => setReveal(false)} data-testid="hide-id">
          {t('person.hideId')}
        </Button>
      ) : (
        <Button
          size="small"
          icon={<EyeOutlined />}
          loading={reveal && revealed.isFetching}
          onClick={() => setReveal(true)}
          data-testid="reveal-id"
        >
          {t('person.revealId')}
        </Button>
      )}
      {revealed.isError ? (
        <Typography.Text type="danger">{errorMessage(revealed.error, t('errors.unknown'))}</Typography.Text>
      ) : null}
      {full ? <Typography.Text type="secondary">{t('person.revealLogged')}</Typography.Text> : null}
    </Space>
  );
}

type T = ReturnType<typeof useTranslation>['t'];
type Items = NonNullable<DescriptionsProps['items']>;

function sections(t: T, person: Person): { key: string; title: string; items: Items }[] {
  const children = person.children ?? [];
  return [
    {
      key: 'identity',
      title: t('form.sectionIdentity'),
      items: [
        { key: 'idNumber', label: t('fields.idNumber'), span: 2, children: <IdNumberCell person={person} /> },
        { key: 'sex', label: t('fields.sex'), children: sexLabel(t, person.sex) },
        {
          key: 'birthDate',
          label: t('fields.birthDate'),
          children: t('person.birthWithAge', { date: person.birthDate, age: person.age }),
        },
        { key: 'maritalStatus', label: t('fields.maritalStatus'), children: t(`marital.${person.maritalStatus}`) },
        {
          key: 'phone',
          label: t('fields.phone'),
          children: <span data-testid="person-phone">{dash(person.phone)}</span>,
        },
      ],
    },
    {
      key: 'places',
      title: t('form.sectionPlaces'),
      items: [
        { key: 'hukou', label: t('fields.hukouDivision'), span: 3, children: person.hukouDivision.fullName },
        {
          key: 'residence',
          label: t('fields.residenceDivision'),
          span: 3,
          children: person.residenceDivision.fullName,
        },
        { key: 'address', label: t('fields.residenceAddress'), children: dash(person.residenceAddress) },
        { key: 'arrivedOn', label: t('fields.arrivedOn'), children: dash(person.arrivedOn) },
        { key: 'departedOn', label: t('fields.departedOn'), children: dash(person.departedOn) },
      ],
    },
    {
      key: 'family',
      title: t('form.sectionFamily'),
      items: [
        { key: 'spouseName', label: t('fields.spouseName'), children: dash(person.spouseName) },
        {
          key: 'spouseIdNumber',
          label: t('fields.spouseIdNumber'),
          span: 2,
          children: <span className="mono">{dash(person.spouseIdNumberMasked)}</span>,
        },
        {
          key: 'children',
          label: t('fields.children'),
          span: 3,
          children: children.length ? (
            <Space wrap size={[8, 4]} data-testid="children-list">
              {children.map((child) => (
                <Tag key={`${child.name}-${child.sex}-${child.birthDate}`}>
                  {child.name} · {sexLabel(t, child.sex)} · {child.birthDate}
                </Tag>
              ))}
            </Space>
          ) : (
            t('person.noChildren')
          ),
        },
      ],
    },
    {
      key: 'work',
      title: t('form.sectionWork'),
      items: [
        { key: 'employer', label: t('fields.employer'), children: dash(person.employer) },
        {
          key: 'housing',
          label: t('fields.housingType'),
          children: person.housingType ? t(`housing.${person.housingType}`) : '—',
        },
        // No 房东 row for a person in their own home.
        ...(person.housingType === 'own'
          ? []
          : [{ key: 'landlord', label: t('fields.landlord'), children: dash(person.landlord) }]),
      ],
    },
  ];
}

export default function PersonPage() {
  const { t } = useTranslation(['persons', 'common']);
  const { id = '' } = useParams();
  const user = useUser();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { t: tp } = useTranslation('persons');
  // The person page is where work happens: the work tabs come first (issue 21).
  const [tab, setTab] = useState('certificates');
  const [merging, setMerging] = useState(false);
  const { t: tMerge } = useTranslation('merge');
  const person = useQuery({ queryKey: personKeys.detail(id), queryFn: ({ signal }) => fetchPerson(id, false, signal) });

  if (person.isPending) return <Loading />;
  if (person.isError) {
    return (
      <div className="page">
        <ErrorState error={person.error} onRetry={() => void person.refetch()} />
      </div>
    );
  }
  const p = person.data;

  return (
    <div className="page">
      <div className="page-header">
        <div>
          <Link to="/persons" className="back-link">
            <ArrowLeftOutlined /> {t('persons.backToList')}
          </Link>
          <Space align="center" size={12} wrap>
            <Typography.Title level={3} className="page-title" data-testid="person-name">
              {p.name}
            </Typography.Title>
            <FlowTag flow={p.flow} />
            <ChildbearingTag value={p.childbearingAge} />
          </Space>
        </div>
        <Space wrap>
          <InquiryButton personId={p.id} flow={p.flow} />
          {can.editPersons(user) ? (
            <Button icon={<MergeCellsOutlined />} onClick={() => setMerging(true)} data-testid="merge-open">
              {tMerge('open')}
            </Button>
          ) : null}
          {can.editPersons(user) ? (
            <Button
              type="primary"
              icon={<EditOutlined />}
              onClick={() => navigate(`/persons/${p.id}/edit`)}
              data-testid="edit-person"
            >
              {t('person.edit')}
            </Button>
          ) : null}
        </Space>
      </div>
      <MergedBanner person={p} />
      <MergeDialog
        open={merging}
        survivorId={p.id}
        onClose={() => setMerging(false)}
        onMerged={(survivorId) => {
          setMerging(false);
          navigate(`/persons/${survivorId}`);
        }}
      />
      {p.departedOn ? (
        <Alert type="info" showIcon className="form-alert" title={t('person.departed', { date: p.departedOn })} />
      ) : null}
      <WorkItemsPanel personId={p.id} />
      <Card className="detail-card" data-testid="person-details">
        {sections(t, p).map((section) => (
          <Descriptions
            key={section.key}
            title={section.title}
            bordered
            size="small"
            column={{ xs: 1, sm: 1, md: 3 }}
            items={section.items}
            className="detail-section"
            styles={{ label: { width: 120, whiteSpace: 'nowrap' } }}
          />
        ))}
        <Typography.Text type="secondary" className="detail-updated">
          {t('person.updated', { at: formatDateTime(p.updatedAt), version: p.version })}
        </Typography.Text>
      </Card>
      <PersonCommunityCard personId={p.id} ownHome={p.housingType === 'own'} />
      <Card className="tabs-card">
        <Tabs
          activeKey={tab}
          onChange={(key) => {
            setTab(key);
            if (key === 'access') void queryClient.invalidateQueries({ queryKey: personKeys.accessLog(id) });
          }}
          items={[
            {
              key: 'certificates',
              label: <span data-testid="tab-certificates">{tp('work.tabCertificates')}</span>,
              children: <CertificatesTab person={p} />,
            },
            {
              key: 'services',
              label: <span data-testid="tab-services">{tp('work.tabServices')}</span>,
              children: <ServicesTab personId={p.id} />,
            },
            {
              key: 'births',
              label: <span data-testid="tab-births">{tp('work.tabBirths')}</span>,
              children: <BirthsTab personId={p.id} />,
            },
            { key: 'timeline', label: <TimelineTabLabel />, children: <PersonTimeline id={id} /> },
            {
              key: 'history',
              label: t('person.tabHistory'),
              children: (
                <>
                  <MergesPanel personId={p.id} />
                  <HistoryTab id={p.id} version={p.version} />
                </>
              ),
            },
            { key: 'episodes', label: t('person.tabEpisodes'), children: <EpisodesTab id={id} version={p.version} /> },
            { key: 'access', label: t('person.tabAccess'), children: <AccessLogTab id={id} /> },
          ]}
          destroyOnHidden
          data-testid="person-tabs"
        />
      </Card>
    </div>
  );
}
