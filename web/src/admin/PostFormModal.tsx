/**
 * A dialog with a form that POSTs its values: the server's field issues are marked on the fields they name, any
 * other error is one message. The admin pages' "new user" and "new key" dialogs.
 */
import { App, Form, Modal } from 'antd';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api';
import { errorLine } from '../components/errorText';

export interface PostFormModalProps<V, R> {
  title: string;
  open: boolean;
  /** The typed call that POSTs the values (admin/queries.ts). */
  submit: (values: V) => Promise<R>;
  /** The form's name: fields get ids `${name}_${field}`. */
  name: string;
  okId: string;
  initialValues: Partial<V>;
  onClose: () => void;
  onDone: (result: R) => void;
  children: ReactNode;
}

export default function PostFormModal<V extends object, R>(props: PostFormModalProps<V, R>) {
  const { t } = useTranslation('admin');
  const { message } = App.useApp();
  const [form] = Form.useForm<V>();
  const [saving, setSaving] = useState(false);
  const submit = async (values: V) => {
    setSaving(true);
    try {
      const result = await props.submit(values);
      form.resetFields();
      props.onDone(result);
    } catch (error) {
      const issues = error instanceof ApiError ? error.issues : [];
      const named = issues.filter((i) => form.getFieldInstance(i.path as never) !== undefined || i.path in values);
      form.setFields(named.map((i) => ({ name: i.path as never, errors: [i.message] })));
      if (named.length === 0) message.error(errorLine(error as { message: string }));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      title={props.title}
      open={props.open}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      okText={t('common.create')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: saving, id: props.okId }}
      destroyOnHidden
    >
      <Form<V>
        form={form}
        name={props.name}
        layout="vertical"
        onFinish={(v) => void submit(v)}
        initialValues={props.initialValues}
      >
        {props.children}
      </Form>
    </Modal>
  );
}
