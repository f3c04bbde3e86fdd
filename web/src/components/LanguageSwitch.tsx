import { Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import { changeLang, type Lang } from '../i18n';

export default function LanguageSwitch() {
  const { i18n, t } = useTranslation();
  const value: Lang = i18n.language === 'en' ? 'en' : 'zh';
  return (
    <Segmented<Lang>
      size="small"
      value={value}
      aria-label={t('shell.language')}
      options={[
        { label: t('shell.langZh'), value: 'zh' },
        { label: t('shell.langEn'), value: 'en' },
      ]}
      onChange={(lang) => void changeLang(lang)}
      data-testid="lang-switch"
    />
  );
}
