import { PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Empty, Table, type TableColumnsType, Tooltip, Typography } from 'antd';
import type { HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { can, useUser } from '../auth';
import { errorMessage } from '../components/States';
import { ChildbearingTag, dash, FlowTag, sexLabel } from '../persons/labels';
import PersonFilterBar, { filtersFromParams, paramsFromFilters } from '../persons/PersonFilterBar';
import { fetchPersons, type PersonFilters, personKeys } from '../persons/queries';
import { usePlaceName } from '../persons/usePlaceName';
import type { PersonSummary } from '../types';

function Place({ text, full }: { text: string; full: string }) {
  return (
    <Tooltip title={full} placement="topLeft">
      <span className="cell-ellipsis">{text}</span>
    </Tooltip>
  );
}

export default function PersonListPage() {
  const { t, i18n } = useTranslation(['persons', 'common']);
  const user = useUser();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const filters = filtersFromParams(params);
  const placeName = usePlaceName();

  const list = useQuery({
    queryKey: personKeys.list(filters),
    queryFn: ({ signal }) => fetchPersons(filters, signal),
    placeholderData: keepPreviousData,
    enabled: can.browsePersons(user),
  });

  const update = (next: PersonFilters) => setParams(paramsFromFilters(next), { replace: true });

  const columns: TableColumnsType<PersonSummary> = [
    {
      title: t('fields.name'),
      dataIndex: 'name',
      width: 120,
      fixed: 'left',
      render: (name: string, row) => (
        <Link to={`/persons/${row.id}`} onClick={(event) => event.stopPropagation()} className="person-name-link">
          {name}
        </Link>
      ),
    },
    {
      title: t('fields.idNumber'),
      dataIndex: 'idNumberMasked',
      width: 176,
      render: (value: string) => <span className="mono">{value}</span>,
    },
    { title: t('fields.sex'), dataIndex: 'sex', width: 64, render: (sex: PersonSummary['sex']) => sexLabel(t, sex) },
    { title: t('fields.age'), dataIndex: 'age', width: 64, align: 'right' },
    {
      title: t('fields.flow'),
      dataIndex: 'flow',
      width: i18n.language === 'en' ? 180 : 116,
      render: (_: unknown, row) => (
        <span className="tag-row">
          <FlowTag flow={row.flow} />
          <ChildbearingTag value={row.childbearingAge} />
        </span>
      ),
    },
    {
      title: t('fields.maritalStatus'),
      dataIndex: 'maritalStatus',
      width: 90,
      render: (value: string) => t(`marital.${value}`, { defaultValue: value }),
    },
    {
      title: t('fields.hukouDivision'),
      key: 'hukou',
      ellipsis: { showTitle: false },
      render: (_: unknown, row) => <Place text={placeName(row.hukouDivision)} full={row.hukouDivision.fullName} />,
    },
    {
      title: t('fields.residenceDivision'),
      key: 'residence',
      ellipsis: { showTitle: false },
      render: (_: unknown, row) => (
        <Place text={placeName(row.residenceDivision)} full={row.residenceDivision.fullName} />
      ),
    },
    { title: t('fields.arrivedOn'), dataIndex: 'arrivedOn', width: 112, render: (value: string | null) => dash(value) },
  ];

  return (
    <div className="page">
      <div className="page-header">
        <div>
          <Typography.Title level={3} className="page-title">
            {t('persons.listTitle')}
          </Typography.Title>
          <Typography.Text type="secondary">
            {t('persons.listScope', { division: user.division.fullName })}
          </Typography.Text>
        </div>
        {can.editPersons(user) ? (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => navigate('/persons/new')}
            data-testid="new-person"
          >
            {t('persons.new')}
          </Button>
        ) : null}
      </div>
      <Card className="filter-card">
        <PersonFilterBar value={filters} onChange={update} />
      </Card>
      <Card className="table-card">
        {list.isError ? (
          <Alert
            type="error"
            showIcon
            title={t('persons.listFailed')}
            description={errorMessage(list.error, t('errors.unknown'))}
            action={<Button onClick={() => void list.refetch()}>{t('states.retry')}</Button>}
            className="form-alert"
          />
        ) : null}
        <Table<PersonSummary>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={list.data?.items ?? []}
          loading={list.isFetching}
          scroll={{ x: 1100 }}
          locale={{ emptyText: <Empty description={list.isPending ? t('states.loading') : t('persons.empty')} /> }}
          onRow={(row) =>
            ({
              onClick: () => navigate(`/persons/${row.id}`),
              className: 'clickable-row',
              'data-testid': 'person-row',
            }) as HTMLAttributes<HTMLElement>
          }
          pagination={{
            current: filters.page,
            pageSize: filters.pageSize,
            total: list.data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: [10, 20, 50, 100],
            showTotal: (total) => t(list.data?.totalCapped ? 'persons.totalCapped' : 'persons.total', { count: total }),
            onChange: (page, pageSize) =>
              update({ ...filters, page: pageSize === filters.pageSize ? page : 1, pageSize }),
          }}
          data-testid="person-table"
        />
      </Card>
    </div>
  );
}
