/**
 * 中文 / EN without antd, for the public pages (/verify, /portal): looks like the console's Segmented switch
 * (styles in public.css). The choice goes to ../lang.ts; i18next follows it (i18n/setup.ts).
 */
import { useTranslation } from 'react-i18next';
import { type Lang, setLang, useLang } from '../lang';

const LANGS: Lang[] = ['zh', 'en'];

export default function LangToggle() {
  const lang = useLang();
  const { t } = useTranslation('common');
  return (
    <fieldset className="lang-toggle" aria-label={t('shell.language')} data-testid="lang-switch">
      {LANGS.map((value) => (
        <button
          key={value}
          type="button"
          aria-pressed={lang === value}
          className={lang === value ? 'lang-toggle-item selected' : 'lang-toggle-item'}
          onClick={() => setLang(value)}
        >
          {t(value === 'zh' ? 'shell.langZh' : 'shell.langEn')}
        </button>
      ))}
    </fieldset>
  );
}
