/**
 * Zod validation for Fastify routes, with issues turned into field-named messages in zh and en.
 * Zod's own locale texts read like developer output ("期望 string >=2 字符"), so the common
 * issue kinds are phrased here for office staff; custom refinements carry their own zh/en in `params`.
 */
import type { FastifySchemaCompiler } from 'fastify';
import type { z } from 'zod';
import { AppError, type ErrorIssue, fieldIssue, type LocalizedText } from '../core/errors.ts';
import { fieldLabel } from '../core/field-labels.ts';

const TYPE_NAMES: Record<string, LocalizedText> = {
  string: { zh: '文本', en: 'text' },
  number: { zh: '数字', en: 'a number' },
  int: { zh: '整数', en: 'an integer' },
  boolean: { zh: '是/否', en: 'true/false' },
  array: { zh: '列表', en: 'a list' },
  object: { zh: '对象', en: 'an object' },
};

type Issue = z.core.$ZodIssue & { input?: unknown; params?: Record<string, unknown> };

function describe(issue: Issue): LocalizedText {
  const p = issue.params;
  if (p && typeof p.zh === 'string' && typeof p.en === 'string') return { zh: p.zh, en: p.en };
  switch (issue.code) {
    case 'invalid_type': {
      if (issue.input === undefined) return { zh: '必填', en: 'is required' };
      const t = TYPE_NAMES[issue.expected] ?? { zh: issue.expected, en: issue.expected };
      return { zh: `格式不正确，应为${t.zh}`, en: `must be ${t.en}` };
    }
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'string')
        return min <= 1
          ? { zh: '不能为空', en: 'must not be empty' }
          : { zh: `至少${min}个字符`, en: `at least ${min} characters` };
      if (issue.origin === 'array') return { zh: `至少${min}项`, en: `at least ${min} items` };
      return { zh: `不能小于${min}`, en: `must be at least ${min}` };
    }
    case 'too_big': {
      const max = Number(issue.maximum);
      if (issue.origin === 'string') return { zh: `不能超过${max}个字符`, en: `at most ${max} characters` };
      if (issue.origin === 'array') return { zh: `不能超过${max}项`, en: `at most ${max} items` };
      return { zh: `不能大于${max}`, en: `must be at most ${max}` };
    }
    case 'invalid_value': {
      const values = issue.values.map(String);
      return { zh: `取值无效，可选：${values.join('、')}`, en: `must be one of ${values.join(', ')}` };
    }
    case 'invalid_format':
      return { zh: '格式不正确', en: 'has an invalid format' };
    default:
      return { zh: '无效', en: 'is invalid' };
  }
}

/** `url` is the route's path pattern, for fields whose label depends on the route (core/field-labels.ts). */
export function zodIssuesToErrorIssues(issues: readonly z.core.$ZodIssue[], prefix = '', url?: string): ErrorIssue[] {
  const out: ErrorIssue[] = [];
  for (const raw of issues) {
    const issue = raw as Issue;
    const base = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const path = base ? `${base}.${key}` : key;
        out.push({ path, message: { zh: `不允许的字段“${key}”`, en: `unknown field "${key}"` } });
      }
      continue;
    }
    out.push(fieldIssue(base, fieldLabel(base, url), describe(issue)));
  }
  return out;
}

/** A Fastify validator compiler for Zod schemas that fails with our AppError. */
export const zodValidatorCompiler: FastifySchemaCompiler<z.ZodType> =
  ({ schema, url }) =>
  (data) => {
    const result = schema.safeParse(data, { reportInput: true });
    if (result.success) return { value: result.data };
    return { error: AppError.validation(zodIssuesToErrorIssues(result.error.issues, '', url)) };
  };
