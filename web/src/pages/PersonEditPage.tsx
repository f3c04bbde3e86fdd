import { ArrowLeftOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { ErrorState, Loading } from '../components/States';
import PersonForm from '../persons/PersonForm';
import { fetchPerson, personKeys } from '../persons/queries';
import type { Person } from '../types';

export default function PersonEditPage() {
  const { t } = useTranslation(['persons', 'common']);
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const person = useQuery({ queryKey: personKeys.detail(id), queryFn: ({ signal }) => fetchPerson(id, false, signal) });

  const onUpdated = (updated: Person) => {
    queryClient.setQueryData(personKeys.detail(id), updated);
    void queryClient.invalidateQueries({ queryKey: personKeys.all, refetchType: 'none' });
    void message.success(t('persons.saved'));
    navigate(`/persons/${id}`);
  };

  return (
    <div className="page page-narrow">
      <div className="page-header">
        <div>
          <Link to={`/persons/${id}`} className="back-link">
            <ArrowLeftOutlined /> {t('persons.backToPerson')}
          </Link>
          <Typography.Title level={3} className="page-title">
            {person.data ? t('persons.editTitle', { name: person.data.name }) : t('persons.editTitleShort')}
          </Typography.Title>
        </div>
      </div>
      {person.isPending ? (
        <Loading />
      ) : person.isError ? (
        <ErrorState error={person.error} onRetry={() => void person.refetch()} />
      ) : (
        <PersonForm
          key={person.data.version}
          person={person.data}
          onUpdated={onUpdated}
          onReload={() => void person.refetch()}
          onCancel={() => navigate(`/persons/${id}`)}
        />
      )}
    </div>
  );
}
