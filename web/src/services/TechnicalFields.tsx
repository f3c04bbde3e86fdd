/**
 * The fields issue 26 adds to recording a service: who pays (a service given), the informed consent of a
 * technical service (every point ticked, or the signed form uploaded, with the text's version), and which
 * technical service a follow-up visit belongs to. Shared by the services page and the person page's modal.
 */
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Checkbox, Form, Radio, Select, Typography, Upload } from 'antd';
import { useTranslation } from 'react-i18next';
import { labelOptions } from '../i18n/options';
import type { ServiceKind } from './codes';
import type locales from './locales';
import { type ConsentDocument, fetchConsentText, type TechnicalBody } from './queries';

export const TECHNICAL_KINDS: readonly ServiceKind[] = [
  'iud_insertion',
  'iud_removal',
  'implant_insertion',
  'implant_removal',
  'tubal_ligation',
  'vasectomy',
];
const REMOVALS: readonly ServiceKind[] = ['iud_removal', 'implant_removal'];

export interface TechnicalValues {
  payer?: keyof typeof locales.zh.payers;
  consentMethod?: 'checklist' | 'document';
  consentChecked?: string[];
  consentFile?: Omit<ConsentDocument, 'method' | 'textVersion'>;
  followUpOf?: string;
}

function useConsentText(enabled: boolean) {
  return useQuery({
    queryKey: ['consent-text'],
    enabled,
    staleTime: Number.POSITIVE_INFINITY,
    queryFn: ({ signal }) => fetchConsentText(signal),
  });
}

function readBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

/** The request fields for these values (undefined where the kind or status does not take them). */
export function technicalBody(
  kind: ServiceKind,
  status: 'done' | 'declined',
  v: TechnicalValues,
  version?: string,
): TechnicalBody {
  const technical = TECHNICAL_KINDS.includes(kind) && status === 'done';
  return {
    payer: status === 'done' ? (v.payer ?? null) : null,
    followUpOf: kind === 'technical_follow_up' ? (v.followUpOf ?? null) : undefined,
    informedConsent: !technical
      ? undefined
      : v.consentMethod === 'document' && v.consentFile
        ? { method: 'document', textVersion: version ?? '', ...v.consentFile }
        : { method: 'checklist', textVersion: version ?? '', checked: v.consentChecked ?? [] },
  };
}

export default function TechnicalFields({
  kind,
  status,
  services,
}: {
  kind: ServiceKind;
  status: 'done' | 'declined';
  /** The person's services, to pick the technical service a follow-up belongs to. */
  services: { id: string; serviceKind: ServiceKind; serviceDate: string; status: string }[];
}) {
  const { t } = useTranslation('services');
  const technical = TECHNICAL_KINDS.includes(kind);
  const consent = useConsentText(technical && status === 'done');
  const form = Form.useFormInstance<TechnicalValues>();
  const method = Form.useWatch('consentMethod', form) ?? 'checklist';
  const file = Form.useWatch('consentFile', form);
  return (
    <>
      {REMOVALS.includes(kind) ? (
        <Alert type="success" showIcon className="form-alert" title={t('removalNote')} />
      ) : null}
      {status === 'done' ? (
        <Form.Item
          name="payer"
          label={t('payer')}
          extra={t('payerHint')}
          rules={[{ required: true, message: t('payerHint') }]}
        >
          <Select data-testid="service-payer" options={labelOptions(t, 'payers')} />
        </Form.Item>
      ) : null}
      {kind === 'technical_follow_up' ? (
        <Form.Item name="followUpOf" label={t('followUpOf')} rules={[{ required: true }]}>
          <Select
            options={services
              .filter((s) => TECHNICAL_KINDS.includes(s.serviceKind) && s.status === 'done')
              .map((s) => ({ value: s.id, label: `${s.serviceDate} ${t(`serviceKinds.${s.serviceKind}`)}` }))}
          />
        </Form.Item>
      ) : null}
      {technical && status === 'done' && consent.data ? (
        <fieldset className="consent-box" data-testid="informed-consent">
          <legend>
            {t('consentTitle')}（{t('consentVersion')} {consent.data.version}）
          </legend>
          <Typography.Paragraph style={{ whiteSpace: 'pre-line' }}>{consent.data.text}</Typography.Paragraph>
          <Form.Item name="consentMethod" label={t('consentMethod')} initialValue="checklist">
            <Radio.Group
              options={[
                { value: 'checklist', label: t('consentChecklist') },
                { value: 'document', label: t('consentDocument') },
              ]}
            />
          </Form.Item>
          {method === 'checklist' ? (
            <Form.Item name="consentChecked" initialValue={[]}>
              <Checkbox.Group
                style={{ display: 'flex', flexDirection: 'column', gap: 4 }}
                options={consent.data.items.map((i) => ({ value: i.key, label: i.text }))}
              />
            </Form.Item>
          ) : (
            <Form.Item name="consentFile">
              <Upload
                accept="image/jpeg,image/png,application/pdf"
                maxCount={1}
                showUploadList={false}
                beforeUpload={async (f) => {
                  form.setFieldValue('consentFile', {
                    fileName: f.name,
                    contentType: f.type,
                    dataBase64: await readBase64(f),
                  });
                  return false;
                }}
              >
                <Button>{file ? file.fileName : t('consentPick')}</Button>
              </Upload>
            </Form.Item>
          )}
        </fieldset>
      ) : null}
    </>
  );
}

export { useConsentText };
