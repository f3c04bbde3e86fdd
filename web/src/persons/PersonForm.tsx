/** Create and edit form for a person. API issues land beside the fields they name. */
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Card, Col, DatePicker, Form, Input, Row, Select, Space } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api';
import { useUser } from '../auth';
import DivisionPicker from '../components/DivisionPicker';
import { headline } from '../components/errorText';
import { errorMessage } from '../components/States';
import { type Duplicate, HOUSING_TYPES, MARITAL_STATUSES, type Person } from '../types';
import ChildrenField from './ChildrenField';
import { createBody, mapIssues, type PersonFormValues, patchBody, valuesFromPerson } from './formValues';
import { describeIdNumber } from './idNumber';
import { createPerson, updatePerson } from './queries';

interface Props {
  /** Present when editing. */
  person?: Person;
  onCreated?: (person: Person, duplicates: Duplicate[]) => void;
  onUpdated?: (person: Person) => void;
  /** Edit only: fetch the latest version after a conflict. */
  onReload?: () => void;
  onCancel: () => void;
}

interface GeneralError {
  message: string;
  details: string[];
}

type SaveResult = { person: Person; duplicates?: Duplicate[] };

export default function PersonForm({ person, onCreated, onUpdated, onReload, onCancel }: Props) {
  const { t } = useTranslation(['persons', 'common']);
  const user = useUser();
  const [form] = Form.useForm<PersonFormValues>();
  const [general, setGeneral] = useState<GeneralError | null>(null);
  const [conflict, setConflict] = useState(false);
  const top = useRef<HTMLDivElement>(null);
  const showTop = () => window.requestAnimationFrame(() => top.current?.scrollIntoView({ block: 'start' }));
  const editing = !!person;
  const idNumber = Form.useWatch('idNumber', form);
  const marital = Form.useWatch('maritalStatus', form);
  const housing = Form.useWatch('housingType', form);
  const residence = Form.useWatch('residenceDivision', form);
  const moving = !!person && !!residence && residence !== person.residenceDivision.code;
  const idFacts = editing ? null : describeIdNumber(idNumber ?? '');

  const initialValues: PersonFormValues = person
    ? valuesFromPerson(person)
    : { residenceDivision: user.division.level === 5 ? user.division.code : undefined, children: [] };

  const save = useMutation({
    mutationFn: (values: PersonFormValues): Promise<SaveResult> =>
      person ? updatePerson(person.id, patchBody(values, person, person.version)) : createPerson(createBody(values)),
    onSuccess: (result) => {
      if (person) onUpdated?.(result.person);
      else onCreated?.(result.person, result.duplicates ?? []);
    },
  });

  const showError = (error: unknown, values: PersonFormValues) => {
    if (!(error instanceof ApiError)) {
      setGeneral({ message: errorMessage(error, t('errors.unknown')), details: [] });
      showTop();
      return;
    }
    if (error.code === 'VERSION_CONFLICT') {
      setConflict(true);
      showTop();
      return;
    }
    const { fields, general: rest } = mapIssues(error.issues, values);
    if (error.code === 'DUPLICATE' && fields.length === 0) {
      fields.push({ name: ['idNumber'], errors: [error.message] });
    }
    form.setFields(fields as Parameters<typeof form.setFields>[0]);
    // "请检查标出的字段" only when a field is marked; otherwise the issues themselves are the message.
    setGeneral({ message: headline(error, fields.length > 0), details: rest.map((issue) => issue.message) });
    const first = fields[0];
    if (first) form.scrollToField(first.name, { block: 'center' });
    else showTop();
  };

  const onFinish = (values: PersonFormValues) => {
    setGeneral(null);
    setConflict(false);
    save.mutate(values, { onError: (error) => showError(error, values) });
  };

  const required = (label: string) => [{ required: true, message: t('form.required', { field: label }) }];
  const half = { xs: 24, md: 12 };
  const third = { xs: 24, md: 8 };

  return (
    <Form<PersonFormValues>
      form={form}
      name="person"
      layout="vertical"
      initialValues={initialValues}
      onFinish={onFinish}
      onValuesChange={() => setGeneral((current) => (current ? null : current))}
      scrollToFirstError={{ block: 'center' }}
      className="person-form"
    >
      <div ref={top} className="form-top" />
      {conflict ? (
        <Alert
          type="error"
          showIcon
          className="form-alert"
          title={t('form.conflictTitle')}
          description={t('form.conflictBody')}
          action={
            <Button danger onClick={onReload} data-testid="conflict-reload">
              {t('form.reload')}
            </Button>
          }
          data-testid="version-conflict"
        />
      ) : null}
      {general ? (
        <Alert
          type="error"
          showIcon
          className="form-alert"
          title={general.message}
          description={general.details.length ? general.details.join(t('history.separator')) : undefined}
          data-testid="form-error"
        />
      ) : null}

      <Card title={t('form.sectionIdentity')} className="form-section">
        <Row gutter={16}>
          <Col {...half}>
            <Form.Item
              label={t('fields.idNumber')}
              name="idNumber"
              rules={
                editing
                  ? []
                  : [
                      ...required(t('fields.idNumber')),
                      { pattern: /^(\d{17}[\dXx]|\d{15})$/, message: t('form.idPattern') },
                    ]
              }
              extra={
                editing
                  ? t('form.idLocked')
                  : idFacts
                    ? t('form.idFacts', { birthDate: idFacts.birthDate, sex: t(`sex.${idFacts.sex}`) })
                    : undefined
              }
            >
              <Input disabled={editing} maxLength={18} className="mono" autoComplete="off" />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item label={t('fields.name')} name="name" rules={required(t('fields.name'))}>
              <Input maxLength={50} autoComplete="off" />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item label={t('fields.phone')} name="phone">
              <Input maxLength={20} autoComplete="off" inputMode="tel" />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item
              label={t('fields.maritalStatus')}
              name="maritalStatus"
              rules={required(t('fields.maritalStatus'))}
            >
              <Select options={MARITAL_STATUSES.map((value) => ({ value, label: t(`marital.${value}`) }))} />
            </Form.Item>
          </Col>
        </Row>
      </Card>

      <Card title={t('form.sectionPlaces')} className="form-section">
        <Row gutter={16}>
          <Col xs={24}>
            <Form.Item
              label={t('fields.hukouDivision')}
              name="hukouDivision"
              rules={required(t('fields.hukouDivision'))}
            >
              <DivisionPicker />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item
              label={t('fields.residenceDivision')}
              name="residenceDivision"
              rules={required(t('fields.residenceDivision'))}
            >
              <DivisionPicker />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item label={t('fields.residenceAddress')} name="residenceAddress">
              <Input maxLength={200} placeholder={t('form.addressPlaceholder')} />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item label={t('fields.arrivedOn')} name="arrivedOn" extra={moving ? t('form.moveHint') : undefined}>
              <DatePicker className="full-width" />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item label={t('fields.departedOn')} name="departedOn">
              <DatePicker className="full-width" />
            </Form.Item>
          </Col>
        </Row>
      </Card>

      <Card title={t('form.sectionFamily')} className="form-section">
        <Row gutter={16}>
          <Col {...half}>
            <Form.Item label={t('fields.spouseName')} name="spouseName">
              <Input maxLength={50} disabled={marital === 'unmarried'} />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item
              label={t('fields.spouseIdNumber')}
              name="spouseIdNumber"
              extra={person?.spouseIdNumberMasked ? t('form.spouseIdMasked') : undefined}
            >
              <Input maxLength={18} className="mono" disabled={marital === 'unmarried'} />
            </Form.Item>
          </Col>
        </Row>
        <ChildrenField />
      </Card>

      <Card title={t('form.sectionWork')} className="form-section">
        <Row gutter={16}>
          <Col {...third}>
            <Form.Item label={t('fields.employer')} name="employer">
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          <Col {...third}>
            <Form.Item label={t('fields.housingType')} name="housingType">
              <Select allowClear options={HOUSING_TYPES.map((value) => ({ value, label: t(`housing.${value}`) }))} />
            </Form.Item>
          </Col>
          {/* A person in their own home has no landlord (the server refuses one, and clears it on the change). */}
          {housing === 'own' ? null : (
            <Col {...third}>
              <Form.Item label={t('fields.landlord')} name="landlord">
                <Input maxLength={100} data-testid="person-landlord" />
              </Form.Item>
            </Col>
          )}
        </Row>
      </Card>

      <div className="form-actions">
        <Space>
          <Button onClick={onCancel} data-testid="person-cancel">
            {t('form.cancel')}
          </Button>
          <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="person-submit">
            {editing ? t('form.saveChanges') : t('form.create')}
          </Button>
        </Space>
      </div>
    </Form>
  );
}
