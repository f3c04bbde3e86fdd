/**
 * On a person's history tab: the merges the person took part in, with 撤销合并 for a merge into this record within
 * 30 days; and the banner a merged record's page shows (its id now answers with the survivor).
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, List, Popconfirm, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { can, useUser } from '../auth';
import { errorMessage } from '../components/States';
import { formatDateTime } from '../format';
import type { Person } from '../types';
import { fill, useMergeText } from './locales';
import { fetchMerges, type MergeEntry, mergeKeys, undoMerge } from './queries';

export function MergedBanner({ person }: { person: Person }) {
  const text = useMergeText();
  if (!person.mergedFrom) return null;
  const at = person.mergedFrom.mergedAt ? formatDateTime(person.mergedFrom.mergedAt) : '';
  return (
    <Alert
      type="warning"
      showIcon
      className="form-alert"
      data-testid="merged-banner"
      title={fill(text.bannerTitle, { masked: person.mergedFrom.idNumberMasked, at })}
      action={<Link to={`/persons/${person.id}`}>{text.bannerLink}</Link>}
    />
  );
}

function MergeItem({ entry }: { entry: MergeEntry }) {
  const text = useMergeText();
  const user = useUser();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const undo = useMutation({
    mutationFn: () => undoMerge(entry.id),
    onSuccess: async () => {
      message.success(text.undone_ok);
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
                title={text.undoConfirm}
                onConfirm={() => undo.mutate()}
                okButtonProps={{ danger: true }}
              >
                <Button size="small" danger loading={undo.isPending} data-testid="merge-undo">
                  {text.undo}
                </Button>
              </Popconfirm>,
            ]
          : []
      }
    >
      <Space direction="vertical" size={2}>
        <Space wrap>
          <Typography.Text>
            {fill(entry.role === 'survivor' ? text.panelSurvivor : text.panelMerged, names)}
          </Typography.Text>
          <Typography.Text type="secondary">{formatDateTime(entry.at)}</Typography.Text>
          {entry.undoneAt ? <Tag>{fill(text.undone, { at: formatDateTime(entry.undoneAt) })}</Tag> : null}
        </Space>
        <Typography.Text type="secondary">
          {entry.reason}
          {open
            ? ` · ${undoable ? fill(text.undoUntil, { at: formatDateTime(entry.undoableUntil as string) }) : text.undoExpired}`
            : ''}
        </Typography.Text>
        {entry.role === 'merged' ? <Link to={`/persons/${entry.otherId}`}>{entry.otherName}</Link> : null}
      </Space>
    </List.Item>
  );
}

export default function MergesPanel({ personId }: { personId: string }) {
  const text = useMergeText();
  const merges = useQuery({
    queryKey: mergeKeys.list(personId),
    queryFn: ({ signal }) => fetchMerges(personId, signal),
  });
  if (!merges.data || merges.data.length === 0) return null;
  return (
    <Card size="small" title={text.panelTitle} className="detail-card" data-testid="merges-panel">
      <List size="small" dataSource={merges.data} renderItem={(entry) => <MergeItem entry={entry} />} />
    </Card>
  );
}
