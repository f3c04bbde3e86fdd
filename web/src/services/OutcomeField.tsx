/** The one outcome a service kind records (core/services.ts OUTCOME_FIELDS): a check-up's result, else a text. */
import { Form, Input, Radio } from 'antd';
import { type ServiceKind, useServiceText } from './strings';

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
  const { text } = useServiceText();
  if (kind === 'reproductive_checkup')
    return (
      <Form.Item name={resultName} label={text.outcomeResult}>
        <Radio.Group
          options={[
            { value: 'normal', label: text.outcomeNormal },
            { value: 'follow_up', label: text.outcomeFollowUp },
          ]}
        />
      </Form.Item>
    );
  const labels: Partial<Record<ServiceKind, string>> = {
    prenatal_care: text.outcomeVisit,
    contraceptive_counselling: text.outcomeMethod,
    mental_health_counselling: text.outcomeCasePlan,
    health_education: text.outcomeTopic,
  };
  // Technical services and their follow-ups record a short note (complications have their own record).
  const label = labels[kind] ?? text.notes;
  return (
    <Form.Item name="outcomeText" label={label}>
      <Input maxLength={200} />
    </Form.Item>
  );
}
