/** i18next setup: Chinese first, English on request. The choice is kept by ../lang.ts. */
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import admin from '../admin/locales';
import duplicates from '../duplicates/locales';
import { currentLang, type Lang, setLang } from '../lang';
import permits from '../permits/locales';
import training from '../training/locales';
import en from './en';
import zh from './zh';

export type { Lang };

/** Switches the shared language store and i18next with it. */
export async function changeLang(lang: Lang): Promise<void> {
  setLang(lang);
  await i18n.changeLanguage(lang);
}

const initial = currentLang();

void i18n.use(initReactI18next).init({
  resources: {
    zh: { translation: zh, admin: admin.zh, duplicates: duplicates.zh, permits: permits.zh, training: training.zh },
    en: { translation: en, admin: admin.en, duplicates: duplicates.en, permits: permits.en, training: training.en },
  },
  lng: initial,
  fallbackLng: 'zh',
  interpolation: { escapeValue: false },
  returnNull: false,
});

export default i18n;
