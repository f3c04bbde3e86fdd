/**
 * The API's validation message reads "输入有误，请检查标出的字段". Only a form that marks the fields (the person
 * form) may show that sentence; everywhere else the issues are listed under it, so it says "输入有误"
 * (issue 21 part 6). No i18next here: the portal's sign-in screen and /verify load without it.
 */
export function headlineIn(lang: string, error: { code?: string; message: string }, marked = false): string {
  if (error.code !== 'VALIDATION' || marked) return error.message;
  return lang.startsWith('en') ? 'Invalid input' : '输入有误';
}
