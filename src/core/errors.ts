/**
 * One error type end to end. Every message exists in Chinese (default) and English;
 * the HTTP layer picks the language per request and maps `status` to the response.
 */
export type Lang = 'zh' | 'en';

export interface LocalizedText {
  zh: string;
  en: string;
}

export interface ErrorIssue {
  path: string;
  message: LocalizedText;
}

export type ErrorCode =
  | 'VALIDATION'
  | 'UNAUTHENTICATED'
  | 'AUTH_INVALID'
  | 'AUTH_LOCKED'
  | 'FORBIDDEN'
  | 'STEP_REQUIRED'
  | 'STEP_NOT_NEEDED'
  | 'CSRF'
  | 'NOT_FOUND'
  | 'VERSION_CONFLICT'
  | 'DUPLICATE'
  | 'CERTIFICATE_EXISTS'
  | 'BIRTH_REGISTRATION_EXISTS'
  | 'BOOKING_EXISTS'
  | 'MERGE_CONFLICT'
  // Duplicate candidates (issue 24): a decided pair; a decision that needs the other office, or needs none.
  | 'ALREADY_DECIDED'
  | 'REFER_INSTEAD'
  | 'BOTH_IN_SCOPE'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'RATE_LIMITED'
  | 'CONSENT_REQUIRED'
  | 'BUSY'
  | 'INTERNAL';

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly status: number,
    readonly text: LocalizedText,
    readonly issues: ErrorIssue[] = [],
    readonly details?: Record<string, unknown>,
  ) {
    super(text.en);
    this.name = 'AppError';
  }

  static validation(issues: ErrorIssue[]): AppError {
    return new AppError(
      'VALIDATION',
      400,
      { zh: '输入有误，请检查标出的字段', en: 'Invalid input; check the marked fields' },
      issues,
    );
  }

  static notFound(what: LocalizedText = { zh: '记录', en: 'Record' }): AppError {
    return new AppError('NOT_FOUND', 404, {
      zh: `${what.zh}不存在或无权访问`,
      en: `${what.en} not found or no access`,
    });
  }

  static forbidden(): AppError {
    return new AppError('FORBIDDEN', 403, { zh: '当前角色无权执行此操作', en: 'Your role may not do this' });
  }

  static unauthenticated(): AppError {
    return new AppError('UNAUTHENTICATED', 401, { zh: '请先登录', en: 'Please sign in' });
  }
}

/** Build an issue whose message names the field by its label, e.g. "身份证号：校验位不正确". */
export function fieldIssue(path: string, label: LocalizedText, problem: LocalizedText): ErrorIssue {
  return { path, message: { zh: `${label.zh}：${problem.zh}`, en: `${label.en}: ${problem.en}` } };
}

/** Collects issues and throws once, so a form gets every problem in one round trip. */
export class IssueCollector {
  readonly issues: ErrorIssue[] = [];
  add(issue: ErrorIssue): void {
    this.issues.push(issue);
  }
  throwIfAny(): void {
    if (this.issues.length > 0) throw AppError.validation(this.issues);
  }
}
