/**
 * Confirmation for an action that replaces, cancels or refuses something: says what will change and asks for the
 * reason that is recorded with it. OK stays disabled until a reason of at least 2 characters is typed.
 */
import { Input, Modal } from 'antd';
import { type ReactNode, useState } from 'react';

export interface ReasonModalProps {
  title: string;
  open: boolean;
  /** What the action changes, e.g. the certificate it replaces. */
  description?: ReactNode;
  placeholder: string;
  okText: string;
  cancelText: string;
  danger?: boolean;
  loading?: boolean;
  onOk: (reason: string) => void;
  onCancel: () => void;
}

export default function ReasonModal(props: ReasonModalProps) {
  const [reason, setReason] = useState('');
  const ready = [...reason.trim()].length >= 2;
  return (
    <Modal
      title={props.title}
      open={props.open}
      okText={props.okText}
      cancelText={props.cancelText}
      onOk={() => props.onOk(reason.trim())}
      onCancel={props.onCancel}
      destroyOnHidden
      okButtonProps={{ id: 'reason-ok', disabled: !ready, danger: props.danger, loading: props.loading }}
      cancelButtonProps={{ id: 'reason-cancel' }}
    >
      {props.description ? (
        <div data-testid="reason-description" style={{ marginBottom: 12 }}>
          {props.description}
        </div>
      ) : null}
      <Input.TextArea
        data-testid="reason-input"
        placeholder={props.placeholder}
        value={reason}
        maxLength={200}
        onChange={(e) => setReason(e.target.value)}
      />
    </Modal>
  );
}
