/**
 * One i18next setup for the three bundles (console, /portal, /verify). Each passes the namespaces it shows, so a
 * public bundle does not carry the console's text. Each namespace is a feature's `locales.ts`: `{ zh, en }` with
 * the same keys (test/i18n.test.ts checks keys and `{{variables}}`). The language store in ../lang.ts stays the
 * one source of the choice (localStorage and the `lang` cookie the API reads); i18next follows it.
 */
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { currentLang, subscribe } from '../lang';

export interface Bundle {
  zh: object;
  en: object;
}

export function initI18n(namespaces: Record<string, Bundle>, defaultNS = 'common'): typeof i18n {
  const zh: Record<string, object> = {};
  const en: Record<string, object> = {};
  for (const [ns, bundle] of Object.entries(namespaces)) {
    zh[ns] = bundle.zh;
    en[ns] = bundle.en;
  }
  void i18n.use(initReactI18next).init({
    resources: { zh, en },
    ns: Object.keys(namespaces),
    defaultNS,
    lng: currentLang(),
    fallbackLng: 'zh',
    interpolation: { escapeValue: false },
    returnNull: false,
    // Resources are bundled, so init is synchronous and the first render already has its text.
    initAsync: false,
    // useTranslation(['persons', 'common']) looks a key up in each namespace in turn (react-i18next's default
    // would look in the first only).
    react: { nsMode: 'fallback' },
  });
  subscribe(() => void i18n.changeLanguage(currentLang()));
  return i18n;
}
