import { ArrowLeftOutlined, WarningOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Result, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import PersonForm from '../persons/PersonForm';
import { personKeys } from '../persons/queries';
import type { Duplicate, Person } from '../types';

function reasonText(reason: Duplicate['reason'], lang: string): string | null {
  if (!reason) return null;
  if (typeof reason === 'string') return reason;
  return lang === 'en' ? reason.en : reason.zh;
}

function DuplicateList({ duplicates }: { duplicates: Duplicate[] }) {
  const { t, i18n } = useTranslation(['persons', 'common']);
  return (
    <ul className="duplicate-list" data-testid="duplicate-list">
      {duplicates.map((dup, index) => {
        const id = dup.id;
        const label = [dup.name, dup.idNumberMasked, dup.birthDate].filter(Boolean).join(' · ');
        return (
          <li key={id ?? index}>
            {id ? <Link to={`/persons/${id}`}>{label || id}</Link> : label}
            {dup.reason ? (
              <Typography.Text type="secondary"> — {reasonText(dup.reason, i18n.language)}</Typography.Text>
            ) : null}
          </li>
        );
      })}
      {duplicates.length === 0 ? <li>{t('persons.noDuplicates')}</li> : null}
    </ul>
  );
}

export default function PersonCreatePage() {
  const { t } = useTranslation(['persons', 'common']);
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [created, setCreated] = useState<{ person: Person; duplicates: Duplicate[] } | null>(null);

  const onCreated = (person: Person, duplicates: Duplicate[]) => {
    void queryClient.invalidateQueries({ queryKey: personKeys.all });
    queryClient.setQueryData(personKeys.detail(person.id), person);
    if (duplicates.length > 0) {
      setCreated({ person, duplicates });
      return;
    }
    void message.success(t('persons.created', { name: person.name }));
    navigate(`/persons/${person.id}`);
  };

  if (created) {
    return (
      <div className="page">
        <Card>
          <Result
            status="warning"
            icon={<WarningOutlined />}
            title={t('persons.createdWithDuplicates', { name: created.person.name })}
            subTitle={t('persons.duplicatesHint')}
            extra={[
              <Button
                type="primary"
                key="open"
                onClick={() => navigate(`/persons/${created.person.id}`)}
                data-testid="open-created"
              >
                {t('persons.openCreated')}
              </Button>,
              <Button key="list" onClick={() => navigate('/persons')}>
                {t('persons.backToList')}
              </Button>,
            ]}
            data-testid="duplicates-warning"
          >
            <DuplicateList duplicates={created.duplicates} />
          </Result>
        </Card>
      </div>
    );
  }

  return (
    <div className="page page-narrow">
      <div className="page-header">
        <div>
          <Link to="/persons" className="back-link">
            <ArrowLeftOutlined /> {t('persons.backToList')}
          </Link>
          <Typography.Title level={3} className="page-title">
            {t('persons.newTitle')}
          </Typography.Title>
        </div>
      </div>
      <PersonForm onCreated={onCreated} onCancel={() => navigate('/persons')} />
    </div>
  );
}
