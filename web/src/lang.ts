/**
 * The interface language without i18next: /verify and /portal read and switch it with this alone, so their
 * bundles stay small; the console's i18next follows the same store (i18n/index.ts). The choice lives in
 * localStorage and in a `lang` cookie (the API reads the cookie).
 */
import { useSyncExternalStore } from 'react';

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

let current: Lang = storedLang();
persist(current);
const listeners = new Set<() => void>();

export function currentLang(): Lang {
  return current;
}

export function setLang(lang: Lang): void {
  if (lang === current) return;
  current = lang;
  persist(lang);
  for (const listener of listeners) listener();
}

/** Calls `listener` after every change of the language (i18next follows the store this way). */
export function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The current language; the component renders again when it changes. */
export function useLang(): Lang {
  return useSyncExternalStore(subscribe, currentLang);
}
