/** 信息交换: inbox and outbox of the jurisdiction, the indicators, and (for the county) the dead letters. */
import { Card, Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { useUser } from '../auth';
import DeadLettersTab from './DeadLettersTab';
import MessagesTab from './MessagesTab';
import RatesTab from './RatesTab';
import { strings } from './strings';

export { EXCHANGE_ROLES } from '../auth';

export default function ExchangePage() {
  const { i18n } = useTranslation();
  const text = strings(i18n.language);
  const user = useUser();
  const items = [
    { key: 'inbox', label: text.inbox, children: <MessagesTab box="inbox" text={text} /> },
    { key: 'outbox', label: text.outbox, children: <MessagesTab box="outbox" text={text} /> },
    { key: 'rates', label: text.rates, children: <RatesTab text={text} /> },
    ...(user.role === 'county_admin'
      ? [{ key: 'dead', label: text.deadLetters, children: <DeadLettersTab text={text} lang={i18n.language} /> }]
      : []),
  ];
  return (
    <Card title={text.title} data-testid="exchange-page">
      <Tabs items={items} destroyOnHidden />
    </Card>
  );
}
