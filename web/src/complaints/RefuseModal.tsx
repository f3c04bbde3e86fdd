/** Refusing a resident's request (an application or a contact change): the reason is required and shown to them. */
import ReasonModal from '../components/ReasonModal';
import type { complaintStrings } from './strings';

interface Refusable {
  id: string;
  name: string;
  idNumberMasked: string;
}

export default function RefuseModal(props: {
  refusing: Refusable | null;
  strings: ReturnType<typeof complaintStrings>;
  loading: boolean;
  onCancel: () => void;
  onRefuse: (id: string, note: string) => void;
}) {
  const { refusing, strings: c } = props;
  return (
    <ReasonModal
      key={refusing?.id ?? 'closed'}
      open={refusing !== null}
      title={c.refuseTitle}
      description={c.refuseWhich.replace('{{who}}', refusing ? `${refusing.name} ${refusing.idNumberMasked}` : '')}
      placeholder={c.refusePrompt}
      okText={c.reject}
      cancelText={c.cancel}
      danger
      loading={props.loading}
      onCancel={props.onCancel}
      onOk={(note) => refusing && props.onRefuse(refusing.id, note)}
    />
  );
}
