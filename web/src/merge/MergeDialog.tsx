/**
 * The merge dialog: the fields on which two records differ side by side, a radio per field for the value to keep,
 * what will move to the kept record (counts from the server's dry run) and a reason. Opened from a person page
 * ("合并重复记录", the other record picked with the person picker) or by the duplicates queue with both records.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Descriptions, Form, Input, Modal, Radio, Space, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import PersonPicker, { type PickedPerson } from '../components/PersonPicker';
import { errorMessage, Loading } from '../components/States';
import { formatChangeValue } from '../persons/labels';
import { fetchMergePreview, type MergePreview, mergeKeys, mergeRecords, type Side } from './queries';

export interface MergeDialogProps {
  open: boolean;
  survivorId: string;
  /** Given by the duplicates queue; else picked in the dialog. */
  mergedId?: string;
  onClose: () => void;
  onMerged: (survivorId: string, mergeId: string) => void;
}

function Differences({
  preview,
  choices,
  onChoose,
}: {
  preview: MergePreview;
  choices: Record<string, Side>;
  onChoose: (field: string, side: Side) => void;
}) {
  const { t } = useTranslation(['merge', 'persons', 'common']);
  const value = (field: string, v: unknown) => formatChangeValue(t, field, v);
  return (
    <Table
      size="small"
      pagination={false}
      rowKey="field"
      dataSource={preview.differences}
      data-testid="merge-differences"
      columns={[
        { title: t('field'), dataIndex: 'field', render: (f: string) => t(`fields.${f}`, { defaultValue: f }) },
        ...(['survivor', 'merged'] as const).map((side) => ({
          title: `${t(side)} · ${preview[side].name}`,
          key: side,
          render: (_: unknown, row: MergePreview['differences'][number]) => (
            <Radio
              checked={(choices[row.field] ?? 'survivor') === side}
              onChange={() => onChoose(row.field, side)}
              data-testid={`choose-${row.field}-${side}`}
            >
              {value(row.field, row[side])}
            </Radio>
          ),
        })),
      ]}
    />
  );
}

export default function MergeDialog({ open, survivorId, mergedId, onClose, onMerged }: MergeDialogProps) {
  const { t } = useTranslation('merge');
  const queryClient = useQueryClient();
  const [picked, setPicked] = useState<PickedPerson | null>(null);
  const [pair, setPair] = useState<{ survivorId: string; mergedId: string | undefined }>({ survivorId, mergedId });
  const [choices, setChoices] = useState<Record<string, Side>>({});
  const [reason, setReason] = useState('');
  const [tried, setTried] = useState(false);

  useEffect(() => {
    if (!open) return;
    setPair({ survivorId, mergedId });
    setPicked(null);
    setChoices({});
    setReason('');
    setTried(false);
  }, [open, survivorId, mergedId]);

  const other = pair.mergedId ?? (picked && picked.id !== pair.survivorId ? picked.id : undefined);
  const preview = useQuery({
    queryKey: mergeKeys.preview(pair.survivorId, other ?? ''),
    queryFn: ({ signal }) => fetchMergePreview(pair.survivorId, other as string, signal),
    enabled: open && other !== undefined,
    staleTime: 0,
    gcTime: 0,
    retry: false,
  });
  const merge = useMutation({
    mutationFn: () =>
      mergeRecords({ survivorId: pair.survivorId, mergedId: other as string, fieldChoices: choices, reason }),
    onSuccess: async (result) => {
      await queryClient.invalidateQueries({ queryKey: ['persons'] });
      onMerged(pair.survivorId, result.mergeId);
    },
  });
  const reasonOk = reason.trim().length >= 2;
  const moves = Object.entries(preview.data?.moves ?? {}).filter(([, n]) => n > 0);

  return (
    <Modal
      open={open}
      title={t('title')}
      width={860}
      onCancel={onClose}
      destroyOnHidden
      footer={
        <Space>
          <Button onClick={onClose}>{t('cancel')}</Button>
          <Button
            type="primary"
            danger
            disabled={!preview.data}
            loading={merge.isPending}
            onClick={() => {
              setTried(true);
              if (reasonOk) merge.mutate();
            }}
            data-testid="merge-confirm"
          >
            {t('confirm')}
          </Button>
        </Space>
      }
      data-testid="merge-dialog"
    >
      {mergedId ? null : (
        <Form.Item label={t('pickOther')} layout="vertical">
          <PersonPicker value={picked} onChange={setPicked} testId="merge-picker" width={480} />
        </Form.Item>
      )}
      {other ? null : <Typography.Text type="secondary">{t('pickRequired')}</Typography.Text>}
      {preview.isFetching ? <Loading /> : null}
      {preview.isError ? (
        <Alert type="error" showIcon title={errorMessage(preview.error, '')} data-testid="merge-refused" />
      ) : null}
      {preview.data ? (
        <Space direction="vertical" size={16} style={{ width: '100%' }}>
          <Button
            size="small"
            onClick={() => {
              setPair({ survivorId: other as string, mergedId: pair.survivorId });
              setPicked(null);
              setChoices({});
            }}
            data-testid="merge-swap"
          >
            {t('swap')}
          </Button>
          <Differences
            preview={preview.data}
            choices={choices}
            onChoose={(field, side) => setChoices((c) => ({ ...c, [field]: side }))}
          />
          <Typography.Text type="secondary">{t('same')}</Typography.Text>
          <Descriptions
            size="small"
            bordered
            column={2}
            title={t('moves')}
            data-testid="merge-moves"
            items={
              moves.length === 0
                ? [{ key: 'none', label: '—', children: t('movesNone') }]
                : moves.map(([table, n]) => ({
                    key: table,
                    label: t(`tables.${table}`, { defaultValue: table }),
                    children: n,
                  }))
            }
          />
          <Form.Item
            label={t('reason')}
            layout="vertical"
            required
            validateStatus={tried && !reasonOk ? 'error' : undefined}
            help={tried && !reasonOk ? t('reasonRequired') : undefined}
          >
            <Input.TextArea
              rows={2}
              maxLength={500}
              value={reason}
              placeholder={t('reasonPlaceholder')}
              onChange={(e) => setReason(e.target.value)}
              data-testid="merge-reason"
            />
          </Form.Item>
          {merge.isError ? <Alert type="error" showIcon title={errorMessage(merge.error, '')} /> : null}
        </Space>
      ) : null}
    </Modal>
  );
}
