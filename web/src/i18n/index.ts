/** i18next setup: Chinese first, English on request. The choice lives in localStorage and in a `lang` cookie. */
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en';
import zh from './zh';

export type Lang = 'zh' | 'en';
const STORAGE_KEY = 'liudong.lang';

function readCookie(name: string): string | null {
  const match = document.cookie.split('; ').find((part) => part.startsWith(`${name}=`));
  return match ? decodeURIComponent(match.slice(name.length + 1)) : null;
}

export function storedLang(): Lang {
  let value: string | null = null;
  try {
    value = window.localStorage.getItem(STORAGE_KEY);
  } catch {
    value = null;
  }
  value ??= readCookie('lang');
  return value === 'en' ? 'en' : 'zh';
}

function persist(lang: Lang): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // Private mode: the cookie is enough.
  }
  // biome-ignore lint/suspicious/noDocumentCookie: the API reads this cookie; the Cookie Store API is not everywhere.
  document.cookie = `lang=${lang}; path=/; max-age=31536000; SameSite=Lax`;
  document.documentElement.lang = lang === 'en' ? 'en' : 'zh-CN';
}

export async function changeLang(lang: Lang): Promise<void> {
  persist(lang);
  await i18n.changeLanguage(lang);
}

const initial = storedLang();
persist(initial);

void i18n.use(initReactI18next).init({
  resources: { zh: { translation: zh }, en: { translation: en } },
  lng: initial,
  fallbackLng: 'zh',
  interpolation: { escapeValue: false },
  returnNull: false,
});

export default i18n;
