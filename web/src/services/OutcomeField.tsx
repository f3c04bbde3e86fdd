/** The one outcome a service kind records (core/services.ts OUTCOME_FIELDS): a check-up's result, else a text. */
import { Form, Input, Radio } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ServiceKind } from './codes';

/** The one outcome field each kind records (see core/services.ts OUTCOME_FIELDS). */
export const OUTCOME_KEY: Record<ServiceKind, string> = {
  reproductive_checkup: 'result',
  prenatal_care: 'visit',
  contraceptive_counselling: 'methodDiscussed',
  mental_health_counselling: 'casePlan',
  health_education: 'topic',
  iud_insertion: 'note',
  iud_removal: 'note',
  implant_insertion: 'note',
  implant_removal: 'note',
  tubal_ligation: 'note',
  vasectomy: 'note',
  technical_follow_up: 'note',
};

export default function OutcomeField({ kind, resultName }: { kind: ServiceKind; resultName: string }) {
  const { t } = useTranslation('services');
  if (kind === 'reproductive_checkup')
    return (
      <Form.Item name={resultName} label={t('outcomeResult')}>
        <Radio.Group
          options={[
            { value: 'normal', label: t('outcomeNormal') },
            { value: 'follow_up', label: t('outcomeFollowUp') },
          ]}
        />
      </Form.Item>
    );
  const labels: Partial<Record<ServiceKind, string>> = {
    prenatal_care: t('outcomeVisit'),
    contraceptive_counselling: t('outcomeMethod'),
    mental_health_counselling: t('outcomeCasePlan'),
    health_education: t('outcomeTopic'),
  };
  // Technical services and their follow-ups record a short note (complications have their own record).
  const label = labels[kind] ?? t('notes');
  return (
    <Form.Item name="outcomeText" label={label}>
      <Input maxLength={200} />
    </Form.Item>
  );
}
