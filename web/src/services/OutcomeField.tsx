/** The one outcome a service kind records (core/services.ts OUTCOME_FIELDS): a check-up's result, else a text. */
import { Form, Input, Radio } from 'antd';
import { type ServiceKind, useServiceText } from './strings';

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
  const label = {
    prenatal_care: text.outcomeVisit,
    contraceptive_counselling: text.outcomeMethod,
    mental_health_counselling: text.outcomeCasePlan,
    health_education: text.outcomeTopic,
  }[kind];
  return (
    <Form.Item name="outcomeText" label={label}>
      <Input maxLength={200} />
    </Form.Item>
  );
}
