/**
 * One technical service (issue 26 part 3): the consent it was given under (version, text hash; the signed form is
 * never shown here), the follow-up visits and the next one, and the complications, with a form to record one.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, DatePicker, Descriptions, Form, Input, List, Modal, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { describeError } from '../components/errorText';
import { labelOptions } from '../i18n/options';
import { useLang } from '../lang';
import type locales from './locales';
import { fetchTechnicalDetail, recordComplication } from './queries';

interface ComplicationForm {
  kind: keyof typeof locales.zh.complicationKinds;
  severity: 'mild' | 'serious';
  notedOn: Dayjs;
  note?: string;
}

export default function TechnicalDetail({ serviceId, onClose }: { serviceId: string; onClose: () => void }) {
  const { t } = useTranslation('services');
  const lang = useLang();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<ComplicationForm>();
  const detail = useQuery({
    queryKey: ['technical', serviceId],
    queryFn: ({ signal }) => fetchTechnicalDetail(serviceId, signal),
  });
  const add = useMutation({
    mutationFn: (v: ComplicationForm) =>
      recordComplication(serviceId, {
        kind: v.kind,
        severity: v.severity,
        notedOn: v.notedOn.format('YYYY-MM-DD'),
        note: v.note || null,
      }),
    onSuccess: () => {
      form.resetFields();
      void queryClient.invalidateQueries({ queryKey: ['technical', serviceId] });
    },
  });
  const d = detail.data;
  return (
    <Modal open title={t('technicalTitle')} onCancel={onClose} footer={null} width={640} data-testid="technical-detail">
      {detail.isError ? <Alert type="error" showIcon title={describeError(detail.error)} /> : null}
      {d ? (
        <>
          <Descriptions size="small" column={1} bordered>
            <Descriptions.Item label={t('consentTitle')}>
              {d.consent
                ? `${d.consent.method === 'document' ? (d.consent.documentName ?? t('consentDocument')) : t('consentChecklist')} · ${t('consentVersion')} ${d.consent.textVersion} · ${d.consent.signedOn}`
                : '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('visits')}>
              {d.followUps.map((f) => f.serviceDate).join('，') || '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('nextVisit')}>{d.nextFollowUpOn ?? t('scheduleDone')}</Descriptions.Item>
          </Descriptions>
          <List
            header={t('complications')}
            size="small"
            dataSource={d.complications}
            locale={{ emptyText: t('noComplications') }}
            renderItem={(c) => (
              <List.Item>
                {c.notedOn} · {c.kindLabel[lang]} · {t(`severities.${c.severity}`)}
                {c.note ? ` · ${c.note}` : ''}
              </List.Item>
            )}
          />
          <Form<ComplicationForm>
            form={form}
            layout="inline"
            initialValues={{ severity: 'mild', notedOn: dayjs() }}
            onFinish={(v) => add.mutate(v)}
            style={{ rowGap: 8 }}
          >
            <Form.Item name="kind" rules={[{ required: true }]}>
              <Select
                placeholder={t('complicationKind')}
                style={{ minWidth: 140 }}
                options={labelOptions(t, 'complicationKinds')}
              />
            </Form.Item>
            <Form.Item name="severity">
              <Select options={labelOptions(t, 'severities')} />
            </Form.Item>
            <Form.Item name="notedOn">
              <DatePicker disabledDate={(x) => x.isAfter(dayjs(), 'day')} />
            </Form.Item>
            <Form.Item name="note">
              <Input maxLength={500} placeholder={t('note')} />
            </Form.Item>
            <Button htmlType="submit" loading={add.isPending}>
              {t('addComplication')}
            </Button>
          </Form>
          {add.error ? <Alert type="error" showIcon title={describeError(add.error)} /> : null}
        </>
      ) : null}
    </Modal>
  );
}
