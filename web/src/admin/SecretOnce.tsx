/** A secret shown once (a temporary password, a department key): the value to copy and the warning that it is gone after. */
import { Alert, Modal, Space, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export interface SecretOnceProps {
  title: string;
  secret: string | null;
  extra?: ReactNode;
  onClose: () => void;
}

export default function SecretOnce({ title, secret, extra, onClose }: SecretOnceProps) {
  const { t } = useTranslation('admin');
  return (
    <Modal
      title={title}
      open={secret !== null}
      onCancel={onClose}
      onOk={onClose}
      okText={t('common.close')}
      cancelButtonProps={{ style: { display: 'none' } }}
      maskClosable={false}
      destroyOnHidden
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        <Alert type="warning" showIcon title={t('secret.warning')} />
        <Typography.Paragraph
          code
          copyable={{ tooltips: [t('secret.copy'), t('secret.copied')] }}
          style={{ fontSize: 18, margin: '8px 0', wordBreak: 'break-all' }}
          data-testid="secret-once"
        >
          {secret}
        </Typography.Paragraph>
        {extra}
      </Space>
    </Modal>
  );
}
