/** Refusing a resident's request (an application or a contact change): the reason is required and shown to them. */

import { useTranslation } from 'react-i18next';
import ReasonModal from '../components/ReasonModal';

interface Refusable {
  id: string;
  name: string;
  idNumberMasked: string;
}

export default function RefuseModal(props: {
  refusing: Refusable | null;
  loading: boolean;
  onCancel: () => void;
  onRefuse: (id: string, note: string) => void;
}) {
  const { refusing } = props;
  const { t } = useTranslation('complaints');
  return (
    <ReasonModal
      key={refusing?.id ?? 'closed'}
      open={refusing !== null}
      title={t('refuseTitle')}
      description={t('refuseWhich', { who: refusing ? `${refusing.name} ${refusing.idNumberMasked}` : '' })}
      placeholder={t('refusePrompt')}
      okText={t('reject')}
      cancelText={t('cancel')}
      danger
      loading={props.loading}
      onCancel={props.onCancel}
      onOk={(note) => refusing && props.onRefuse(refusing.id, note)}
    />
  );
}
