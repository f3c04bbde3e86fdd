/** The console's i18next: every namespace (resources.ts), Chinese first, English on request. */
import { type Lang, setLang } from '../lang';
import { resources } from './resources';
import { initI18n } from './setup';

export type { Lang };

const i18n = initI18n(resources);

/** Switches the shared language store; i18next follows it (setup.ts). */
export async function changeLang(lang: Lang): Promise<void> {
  setLang(lang);
  await i18n.changeLanguage(lang);
}

export default i18n;
