/**
 * The API's validation message reads "输入有误，请检查标出的字段". Only a form that marks the fields (the person
 * form) may show that sentence; everywhere else the issues are listed in the message itself, so it says
 * "输入有误" (`errors.invalidInput`) and then the issues (issue 21 part 6). Every bundle loads `common`.
 */
import i18n from 'i18next';

export function headline(error: { code?: string; message: string }, marked = false): string {
  if (error.code !== 'VALIDATION' || marked) return error.message;
  return i18n.t('common:errors.invalidInput');
}

/** One line: the headline and each issue ("输入有误：原因：请填写原因"). */
export function errorLine(error: { code?: string; message: string; issues?: { message: string }[] }): string {
  return [headline(error), ...(error.issues ?? []).map((i) => i.message)].join('：');
}

/** The API's message plus each field issue; any other error's message. */
export function describeError(error: unknown): string {
  if (error && typeof error === 'object' && 'issues' in error && 'message' in error) {
    return errorLine(error as { code?: string; message: string; issues: { message: string }[] });
  }
  return error instanceof Error ? error.message : String(error);
}
