import {
  ArrowRightOutlined,
  EnvironmentOutlined,
  ExportOutlined,
  ImportOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Row, Skeleton, Statistic, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { can, useUser } from '../auth';
import WorklistCard from '../certificates/WorklistCard';
import { errorMessage } from '../components/States';
import { fetchPopulation, type Population } from '../stats/queries';
import StatsHomeCard from '../stats/StatsHomeCard';

/** Exact counts from the statistics rollups; the person list's own count stops at its cap. */
type PopulationCount = keyof Pick<Population, 'inflow' | 'outflow' | 'total'>;

function usePopulation() {
  return useQuery({
    queryKey: ['stats', 'population'],
    queryFn: ({ signal }) => fetchPopulation(signal),
  });
}

function CountCard({ flow, icon, title }: { flow: PopulationCount; icon: ReactNode; title: string }) {
  const { t } = useTranslation(['persons', 'common']);
  const count = usePopulation();
  const to = flow === 'total' ? '/persons' : `/persons?flow=${flow}`;
  return (
    <Card className={`count-card count-${flow}`} data-testid={`count-${flow}`}>
      {count.isPending ? (
        <Skeleton active paragraph={{ rows: 1 }} />
      ) : count.isError ? (
        <Alert type="error" showIcon title={errorMessage(count.error, t('errors.unknown'))} />
      ) : (
        <Statistic title={title} value={count.data[flow] ?? '—'} prefix={icon} suffix={t('home.people')} />
      )}
      <Link to={to} className="count-link">
        {t('home.viewList')} <ArrowRightOutlined />
      </Link>
    </Card>
  );
}

export default function HomePage() {
  const { t } = useTranslation(['persons', 'common']);
  const user = useUser();
  return (
    <div className="page">
      <Card className="welcome-card">
        <Typography.Title level={3} className="welcome-title">
          {t('home.welcome', { name: user.displayName })}
        </Typography.Title>
        <Typography.Paragraph type="secondary" className="welcome-sub">
          <EnvironmentOutlined /> {user.division.fullName}
          <span className="dot-sep">·</span>
          {t(`roles.${user.role}`)}
        </Typography.Paragraph>
        {can.editPersons(user) ? (
          <Link to="/persons/new">
            <Button type="primary" data-testid="home-new-person">
              {t('persons.new')}
            </Button>
          </Link>
        ) : null}
      </Card>
      {can.browsePersons(user) ? (
        <>
          <Typography.Title level={5} className="section-title">
            {t('home.scopeCounts')}
          </Typography.Title>
          <Row gutter={[16, 16]}>
            <Col xs={24} md={8}>
              <CountCard flow="inflow" icon={<ImportOutlined />} title={t('home.inflow')} />
            </Col>
            <Col xs={24} md={8}>
              <CountCard flow="outflow" icon={<ExportOutlined />} title={t('home.outflow')} />
            </Col>
            <Col xs={24} md={8}>
              <CountCard flow="total" icon={<TeamOutlined />} title={t('home.total')} />
            </Col>
          </Row>
          <div style={{ marginTop: 16 }}>
            <WorklistCard />
          </div>
        </>
      ) : (
        <Alert type="info" showIcon title={t('home.noPersonAccess')} />
      )}
      {can.viewStats(user) ? <StatsHomeCard /> : null}
    </div>
  );
}
