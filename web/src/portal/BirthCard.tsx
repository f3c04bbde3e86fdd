/** The resident's birth registrations (生育登记): submit one online, with the pledge option, and follow it. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Button,
  Card,
  Checkbox,
  Descriptions,
  Empty,
  Form,
  Image,
  Input,
  InputNumber,
  Radio,
  Space,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../api';
import ReasonModal from '../components/ReasonModal';
import { formatDate } from '../format';
import { ErrorLine } from './ErrorLine';
import { fetchPortalBirths, submitPortalBirth } from './queries';

const KEY = ['portal', 'birth-registrations'];
const STATUS_COLOR: Record<string, string> = { registered: 'green', needs_info: 'orange', submitted: 'blue' };

export function BirthRegistrationCard({ suggestedOrder }: { suggestedOrder: number }) {
  const { t } = useTranslation('portal');
  const queryClient = useQueryClient();
  const list = useQuery({
    queryKey: KEY,
    queryFn: fetchPortalBirths,
  });
  const [applicant, setApplicant] = useState<'self' | 'spouse'>('self');
  const [placeBasis, setPlaceBasis] = useState<'hukou' | 'residence'>('residence');
  const [born, setBorn] = useState(true);
  const [date, setDate] = useState('');
  const [childOrder, setChildOrder] = useState<number>(suggestedOrder);
  const [childName, setChildName] = useState('');
  const [childSex, setChildSex] = useState<'M' | 'F' | null>(null);
  const [pledge, setPledge] = useState(false);
  // 409: one is already in progress (or this child is registered); the resident confirms with a reason or stops.
  const [exists, setExists] = useState<string | null>(null);
  const submit = useMutation({
    mutationFn: (reason?: string) =>
      submitPortalBirth({
        applicant,
        placeBasis,
        childOrder,
        ...(date ? (born ? { childBornOn: date } : { expectedOn: date }) : {}),
        ...(childName ? { childName } : {}),
        ...(childSex ? { childSex } : {}),
        pledge,
        ...(reason ? { replace: true, reason } : {}),
      }),
    onError: (e) => {
      if (isApiError(e, 'BIRTH_REGISTRATION_EXISTS')) setExists(e.message);
    },
    onSuccess: () => {
      setExists(null);
      setDate('');
      setChildName('');
      void queryClient.invalidateQueries({ queryKey: KEY });
    },
  });
  return (
    <Card size="small" title={t('births.title')} data-testid="portal-birth-registration">
      <Typography.Title level={5}>{t('births.mine')}</Typography.Title>
      {list.data?.items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('births.none')} />
      ) : null}
      <Space direction="vertical" style={{ width: '100%' }}>
        {list.data?.items.map((r) => (
          <div key={r.id} data-testid="portal-birth" style={{ textAlign: 'center' }}>
            {r.qrDataUrl ? (
              <>
                <Image src={r.qrDataUrl} width={180} preview={false} alt={r.number} />
                <Typography.Paragraph type="secondary">{t('births.showQr')}</Typography.Paragraph>
              </>
            ) : null}
            <Descriptions column={1} size="small">
              <Descriptions.Item label={t('births.number')}>
                {r.number}{' '}
                <Tag color={STATUS_COLOR[r.status] ?? 'default'}>
                  {t(`births.status.${r.status}`, { defaultValue: r.status })}
                </Tag>
              </Descriptions.Item>
              <Descriptions.Item label={r.childBornOn ? t('births.child') : t('births.expected')}>
                {`#${r.childOrder} · ${r.childBornOn ?? r.expectedOn ?? ''}`}
              </Descriptions.Item>
              <Descriptions.Item label={t('births.submitted')}>{formatDate(r.submittedAt)}</Descriptions.Item>
              {r.message ? (
                <Descriptions.Item
                  label={r.status === 'withdrawn' ? t('births.withdrawnReason') : t('births.needsInfo')}
                >
                  <Typography.Text type="warning" data-testid="portal-birth-message">
                    {r.message}
                  </Typography.Text>
                </Descriptions.Item>
              ) : null}
            </Descriptions>
          </div>
        ))}
      </Space>
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('births.newTitle')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('births.hint')}</Typography.Paragraph>
      <Form layout="vertical" onFinish={() => submit.mutate(undefined)}>
        <Form.Item label={t('births.applicant')}>
          <Radio.Group value={applicant} onChange={(e) => setApplicant(e.target.value)}>
            <Radio value="self">{t('births.self')}</Radio>
            <Radio value="spouse">{t('births.spouse')}</Radio>
          </Radio.Group>
        </Form.Item>
        <Form.Item label={t('births.place')}>
          <Radio.Group value={placeBasis} onChange={(e) => setPlaceBasis(e.target.value)}>
            <Radio value="residence">{t('births.residence')}</Radio>
            <Radio value="hukou">{t('births.hukou')}</Radio>
          </Radio.Group>
        </Form.Item>
        <Form.Item label={t('births.born')}>
          <Radio.Group value={born} onChange={(e) => setBorn(e.target.value)}>
            <Radio value={true}>{t('births.bornYes')}</Radio>
            <Radio value={false}>{t('births.bornNo')}</Radio>
          </Radio.Group>
        </Form.Item>
        <Form.Item label={born ? t('births.bornOn') : t('births.expectedOn')}>
          <Input type="date" value={date} onChange={(e) => setDate(e.target.value)} data-testid="birth-date" />
        </Form.Item>
        <Form.Item label={t('births.childOrder')}>
          <InputNumber min={1} max={20} value={childOrder} onChange={(v) => setChildOrder(v ?? 1)} />
        </Form.Item>
        <Form.Item label={t('births.childName')}>
          <Input value={childName} maxLength={50} onChange={(e) => setChildName(e.target.value)} />
        </Form.Item>
        <Form.Item label={t('births.childSex')}>
          <Radio.Group value={childSex} onChange={(e) => setChildSex(e.target.value)}>
            <Radio value="M">{t('births.male')}</Radio>
            <Radio value="F">{t('births.female')}</Radio>
          </Radio.Group>
        </Form.Item>
        <Form.Item>
          <Checkbox checked={pledge} onChange={(e) => setPledge(e.target.checked)} data-testid="birth-pledge">
            {t('births.pledge')}
          </Checkbox>
        </Form.Item>
        <Button block type="primary" htmlType="submit" loading={submit.isPending} data-testid="birth-submit">
          {t('births.submit')}
        </Button>
        {isApiError(submit.error, 'BIRTH_REGISTRATION_EXISTS') ? null : <ErrorLine error={submit.error} />}
      </Form>
      <ReasonModal
        open={exists !== null}
        title={t('births.existsTitle')}
        description={exists}
        placeholder={t('births.reasonPrompt')}
        okText={t('births.existsOk')}
        cancelText={t('births.existsKeep')}
        loading={submit.isPending}
        onCancel={() => {
          setExists(null);
          submit.reset();
        }}
        onOk={(reason) => submit.mutate(reason)}
      />
    </Card>
  );
}
