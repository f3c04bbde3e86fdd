/**
 * 中文 / EN without antd or i18next, for the public pages (/verify, /portal): looks like the console's
 * Segmented switch (styles in public.css).
 */
import { type Lang, setLang, useLang } from '../lang';

const OPTIONS: { label: string; value: Lang }[] = [
  { label: '中文', value: 'zh' },
  { label: 'EN', value: 'en' },
];

export default function LangToggle() {
  const lang = useLang();
  return (
    <fieldset className="lang-toggle" aria-label={lang === 'en' ? 'Language' : '界面语言'} data-testid="lang-switch">
      {OPTIONS.map((option) => (
        <button
          key={option.value}
          type="button"
          aria-pressed={lang === option.value}
          className={lang === option.value ? 'lang-toggle-item selected' : 'lang-toggle-item'}
          onClick={() => setLang(option.value)}
        >
          {option.label}
        </button>
      ))}
    </fieldset>
  );
}
