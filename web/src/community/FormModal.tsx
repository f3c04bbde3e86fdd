/** The one shape of the community "new …" dialogs: a form in a modal, saved by a mutation, errors shown on top. */
import { type UseMutationResult, useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, type FormInstance, Modal } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { problem } from './api';

/** A save that refreshes every community query and then closes the dialog (and clears its form). */
export function useCommunitySave<V, R = unknown>(
  mutationFn: (values: V) => Promise<R>,
  done: (result: R) => void,
  form?: FormInstance,
): UseMutationResult<R, Error, V> {
  const client = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: async (result) => {
      form?.resetFields();
      await client.invalidateQueries({ queryKey: ['community'] });
      done(result);
    },
  });
}

interface Props {
  title: string;
  open: boolean;
  onClose: () => void;
  form: FormInstance;
  save: { isPending: boolean; error: Error | null };
  /** The save button's id, which the browser tests click. */
  saveId: string;
  width?: number;
  /** Shown above the error, e.g. what the form deliberately does not ask for. */
  notice?: ReactNode;
  children: ReactNode;
}

export default function FormModal({ title, open, onClose, form, save, saveId, width, notice, children }: Props) {
  const { t } = useTranslation('community');
  return (
    <Modal
      title={title}
      open={open}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('save')}
      cancelText={t('cancel')}
      okButtonProps={{ loading: save.isPending, id: saveId }}
      width={width}
      destroyOnHidden
    >
      {notice}
      {save.error ? <Alert type="error" showIcon title={problem(save.error)} style={{ marginBottom: 12 }} /> : null}
      {children}
    </Modal>
  );
}
