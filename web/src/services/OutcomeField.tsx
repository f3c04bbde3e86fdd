/** The one outcome a service kind records (core/services.ts OUTCOME_FIELDS): a check-up's result, else a text. */
import { Form, Input, Radio } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ServiceKind } from './codes';

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
  const label = {
    prenatal_care: t('outcomeVisit'),
    contraceptive_counselling: t('outcomeMethod'),
    mental_health_counselling: t('outcomeCasePlan'),
    health_education: t('outcomeTopic'),
  }[kind];
  return (
    <Form.Item name="outcomeText" label={label}>
      <Input maxLength={200} />
    </Form.Item>
  );
}
