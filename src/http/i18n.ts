import type { FastifyRequest } from 'fastify';
import type { Lang, LocalizedText } from '../core/errors.ts';

/** Chinese unless the client asks for English (cookie `lang=en` from the UI switch, or Accept-Language). */
export function requestLang(request: FastifyRequest): Lang {
  const cookie = request.cookies?.lang;
  if (cookie === 'en' || cookie === 'zh') return cookie;
  const accept = request.headers['accept-language'] ?? '';
  return /^en\b/i.test(accept) ? 'en' : 'zh';
}

export function pick(text: LocalizedText, lang: Lang): string {
  return text[lang];
}
