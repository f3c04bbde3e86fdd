/**
 * On a person's history tab: the merges the person took part in, with 撤销合并 for a merge into this record within
 * 30 days; and the banner a merged record's page shows (its id now answers with the survivor).
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, List, Popconfirm, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { can, useUser } from '../auth';
import { errorMessage } from '../components/States';
import { formatDateTime } from '../format';
import type { Person } from '../types';
import { fetchMerges, type MergeEntry, mergeKeys, undoMerge } from './queries';

export function MergedBanner({ person }: { person: Person }) {
  const { t } = useTranslation('merge');
  if (!person.mergedFrom) return null;
  const at = person.mergedFrom.mergedAt ? formatDateTime(person.mergedFrom.mergedAt) : '';
  return (
    <Alert
      type="warning"
      showIcon
      className="form-alert"
      data-testid="merged-banner"
      title={t('bannerTitle', { masked: person.mergedFrom.idNumberMasked, at })}
      action={<Link to={`/persons/${person.id}`}>{t('bannerLink')}</Link>}
    />
  );
}

function MergeItem({ entry }: { entry: MergeEntry }) {
  const { t } = useTranslation('merge');
  const user = useUser();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const undo = useMutation({
    mutationFn: () => undoMerge(entry.id),
    onSuccess: async () => {
      message.success(t('undone_ok'));
      await queryClient.invalidateQueries({ queryKey: ['persons'] });
    },
    onError: (error) => message.error(errorMessage(error, '')),
  });
  const open = entry.undoneAt === null;
  const undoable = open && entry.undoableUntil !== null && new Date(entry.undoableUntil) > new Date();
  const names = { name: entry.otherName, masked: entry.otherIdNumberMasked };
  return (
    <List.Item
      data-testid="merge-entry"
      actions={
        entry.role === 'survivor' && undoable && can.editPersons(user)
          ? [
              <Popconfirm
                key="undo"
                title={t('undoConfirm')}
                onConfirm={() => undo.mutate()}
                okButtonProps={{ danger: true }}
              >
                <Button size="small" danger loading={undo.isPending} data-testid="merge-undo">
                  {t('undo')}
                </Button>
              </Popconfirm>,
            ]
          : []
      }
    >
      <Space direction="vertical" size={2}>
        <Space wrap>
          <Typography.Text>{t(entry.role === 'survivor' ? 'panelSurvivor' : 'panelMerged', names)}</Typography.Text>
          <Typography.Text type="secondary">{formatDateTime(entry.at)}</Typography.Text>
          {entry.undoneAt ? <Tag>{t('undone', { at: formatDateTime(entry.undoneAt) })}</Tag> : null}
        </Space>
        <Typography.Text type="secondary">
          {entry.reason}
          {open
            ? ` · ${undoable ? t('undoUntil', { at: formatDateTime(entry.undoableUntil as string) }) : t('undoExpired')}`
            : ''}
        </Typography.Text>
        {entry.role === 'merged' ? <Link to={`/persons/${entry.otherId}`}>{entry.otherName}</Link> : null}
      </Space>
    </List.Item>
  );
}

export default function MergesPanel({ personId }: { personId: string }) {
  const { t } = useTranslation('merge');
  const merges = useQuery({
    queryKey: mergeKeys.list(personId),
    queryFn: ({ signal }) => fetchMerges(personId, signal),
  });
  if (!merges.data || merges.data.length === 0) return null;
  return (
    <Card size="small" title={t('panelTitle')} className="detail-card" data-testid="merges-panel">
      <List size="small" dataSource={merges.data} renderItem={(entry) => <MergeItem entry={entry} />} />
    </Card>
  );
}
