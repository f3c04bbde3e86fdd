/** The home page's statistics strip: the user's division's key rates against targets, and a link to the dashboard. */
import { ArrowRightOutlined } from '@ant-design/icons';
import { Alert, Card, Col, Row, Skeleton } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { errorMessage } from '../components/States';
import { RateCard, useDashboard } from './StatsPage';

export default function StatsHomeCard() {
  const { t } = useTranslation('stats');
  const dash = useDashboard(undefined, new Date().getFullYear());
  return (
    <Card
      title={t('keyRates')}
      style={{ marginTop: 16 }}
      data-testid="home-stats"
      extra={
        <Link to="/stats">
          {t('openDashboard')} <ArrowRightOutlined />
        </Link>
      }
    >
      {dash.isPending ? (
        <Skeleton active paragraph={{ rows: 2 }} />
      ) : dash.isError ? (
        <Alert type="error" showIcon title={errorMessage(dash.error, t('noData'))} />
      ) : (
        <Row gutter={[16, 16]}>
          {dash.data.keyRates.map((r) => (
            <Col xs={24} sm={12} xl={6} key={r.code}>
              <RateCard rate={r} />
            </Col>
          ))}
        </Row>
      )}
    </Card>
  );
}
