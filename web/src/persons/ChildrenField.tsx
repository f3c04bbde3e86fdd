/** 子女: a dynamic list of name, sex and birth date. */
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Col, DatePicker, Form, Input, Row, Select, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';

export default function ChildrenField() {
  const { t } = useTranslation(['persons', 'common']);
  return (
    <Form.List name="children">
      {(fields, { add, remove }, { errors }) => (
        <div className="children-field" data-testid="children-field">
          <Typography.Text strong className="children-title">
            {t('fields.children')}
          </Typography.Text>
          {fields.length === 0 ? (
            <Typography.Paragraph type="secondary" className="children-empty">
              {t('form.noChildren')}
            </Typography.Paragraph>
          ) : null}
          {fields.map((field, index) => (
            <div key={field.key} className="child-row" data-testid={`child-row-${index}`}>
              <Row gutter={12} align="top">
                <Col xs={24} sm={8}>
                  <Form.Item
                    name={[field.name, 'name']}
                    label={t('form.childName', { n: index + 1 })}
                    rules={[{ required: true, message: t('form.required', { field: t('fields.childName') }) }]}
                  >
                    <Input maxLength={50} />
                  </Form.Item>
                </Col>
                <Col xs={10} sm={5}>
                  <Form.Item
                    name={[field.name, 'sex']}
                    label={t('fields.sex')}
                    rules={[{ required: true, message: t('form.required', { field: t('fields.sex') }) }]}
                  >
                    <Select options={(['M', 'F'] as const).map((sex) => ({ value: sex, label: t(`sex.${sex}`) }))} />
                  </Form.Item>
                </Col>
                <Col xs={14} sm={8}>
                  <Form.Item
                    name={[field.name, 'birthDate']}
                    label={t('fields.birthDate')}
                    rules={[{ required: true, message: t('form.required', { field: t('fields.birthDate') }) }]}
                  >
                    <DatePicker className="full-width" disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
                  </Form.Item>
                </Col>
                <Col xs={24} sm={3} className="child-remove">
                  <Button
                    icon={<DeleteOutlined />}
                    onClick={() => remove(field.name)}
                    aria-label={t('form.removeChild')}
                    title={t('form.removeChild')}
                    danger
                    type="text"
                  />
                </Col>
              </Row>
            </div>
          ))}
          <Form.ErrorList errors={errors} />
          <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})} data-testid="add-child">
            {t('form.addChild')}
          </Button>
        </div>
      )}
    </Form.List>
  );
}
