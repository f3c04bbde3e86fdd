/** The person page's services timeline: services, birth registrations and supplies received, newest first. */
import { useQuery } from '@tanstack/react-query';
import { Button, Empty, Space, Tag, Timeline } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { ErrorState, Loading } from '../components/States';
import { useLang } from '../lang';
import { fetchTimeline, type TimelineEntry } from './queries';

type Entry = TimelineEntry;

const COLORS: Record<Entry['type'], string> = { service: 'green', birth_registration: 'blue', supply: 'purple' };

export default function PersonTimeline({ id }: { id: string }) {
  const { t } = useTranslation('services');
  const lang = useLang();
  const navigate = useNavigate();
  const timeline = useQuery({
    queryKey: ['timeline', id],
    queryFn: ({ signal }) => fetchTimeline(id, signal),
  });
  const actions = (
    <Space wrap style={{ marginBottom: 16 }}>
      <Button onClick={() => navigate(`/services?personId=${id}`)} data-testid="timeline-record-service">
        {t('recordService')}
      </Button>
      <Button onClick={() => navigate(`/supplies?personId=${id}`)} data-testid="timeline-dispense">
        {t('dispense')}
      </Button>
      <Button onClick={() => navigate(`/birth-registrations?personId=${id}`)} data-testid="timeline-birth">
        {t('registerBirth')}
      </Button>
    </Space>
  );
  if (timeline.isPending) return <Loading />;
  if (timeline.isError) return <ErrorState error={timeline.error} onRetry={() => void timeline.refetch()} />;
  return (
    <div data-testid="person-timeline">
      {actions}
      {timeline.data.items.length === 0 ? (
        <Empty description={t('noTimeline')} />
      ) : (
        <Timeline
          items={timeline.data.items.map((e) => ({
            key: `${e.type}-${e.id}`,
            color: COLORS[e.type],
            content: (
              <div data-testid={`timeline-${e.type}`}>
                <strong>{e.date}</strong> · {e.title[lang]}{' '}
                {e.type === 'birth_registration' ? <Tag>{t(e.status, { defaultValue: e.status })}</Tag> : null}
                {e.detail ? <div className="muted">{e.detail[lang]}</div> : null}
              </div>
            ),
          }))}
        />
      )}
    </div>
  );
}

export function TimelineTabLabel() {
  const { t } = useTranslation('services');
  return <span data-testid="tab-timeline">{t('timeline')}</span>;
}
