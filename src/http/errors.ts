/** The one error shape: { error: { code, message, issues: [{ path, message }] } }, never a stack trace. */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, type ErrorCode, type Lang, type LocalizedText } from '../core/errors.ts';
import { requestLang } from './i18n.ts';

export function errorBody(error: AppError, lang: Lang, correlationId?: string) {
  return {
    error: {
      code: error.code,
      message: error.text[lang],
      issues: error.issues.map((i) => ({ path: i.path, message: i.message[lang] })),
      ...(error.details ?? {}),
      ...(correlationId ? { correlationId } : {}),
    },
  };
}

const MALFORMED_FORM = {
  zh: '上传的表单格式不正确（内容不完整或分隔符有误），请重新上传',
  en: 'The upload is not a well-formed multipart form (truncated or wrong boundary); upload it again',
};
const TOO_MANY_PARTS = { zh: '每次只能上传一个文件', en: 'Upload one file at a time' };

/**
 * Fastify's own 4xx errors (body parsing, limits) and @fastify/multipart's, translated into AppErrors; the
 * third element overrides the plugin's status where it is not the one we answer (406 for a body that is not
 * multipart is 415 here).
 */
const FASTIFY_ERRORS: Record<string, [ErrorCode, LocalizedText, number?]> = {
  FST_ERR_CTP_BODY_TOO_LARGE: ['PAYLOAD_TOO_LARGE', { zh: '提交的内容过大', en: 'Request body is too large' }],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [
    'UNSUPPORTED_MEDIA_TYPE',
    { zh: '不支持的内容类型，请提交JSON', en: 'Unsupported content type; send JSON' },
  ],
  FST_ERR_CTP_EMPTY_JSON_BODY: ['VALIDATION', { zh: '请求内容为空', en: 'Request body is empty' }],
  FST_ERR_CTP_INVALID_JSON_BODY: ['VALIDATION', { zh: '请求内容不是有效的JSON', en: 'Request body is not valid JSON' }],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: ['VALIDATION', { zh: '请求长度不正确', en: 'Invalid content length' }],
  FST_ERR_MAX_PARAM_LENGTH: ['VALIDATION', { zh: '地址中的参数过长', en: 'A path parameter is too long' }],
  FST_ERR_BAD_URL: ['VALIDATION', { zh: '地址格式不正确', en: 'Malformed URL' }],
  FST_INVALID_MULTIPART_CONTENT_TYPE: [
    'UNSUPPORTED_MEDIA_TYPE',
    { zh: '请以表单（multipart/form-data）上传文件', en: 'Upload the file as multipart/form-data' },
    415,
  ],
  FST_REQ_FILE_TOO_LARGE: ['PAYLOAD_TOO_LARGE', { zh: '上传的文件过大', en: 'The uploaded file is too large' }],
  FST_PARTS_LIMIT: ['PAYLOAD_TOO_LARGE', TOO_MANY_PARTS],
  FST_FILES_LIMIT: ['PAYLOAD_TOO_LARGE', TOO_MANY_PARTS],
  FST_FIELDS_LIMIT: ['PAYLOAD_TOO_LARGE', TOO_MANY_PARTS],
  FST_PROTO_VIOLATION: ['VALIDATION', MALFORMED_FORM, 400],
  FST_INVALID_JSON_FIELD_ERROR: ['VALIDATION', MALFORMED_FORM, 400],
  FST_MP_PREMATURE_CLOSE: ['VALIDATION', MALFORMED_FORM, 400],
  FST_ERR_RATE_LIMIT_EXCEEDED: [
    'RATE_LIMITED',
    { zh: '请求过于频繁，请稍后再试', en: 'Too many requests; try again later' },
  ],
};

export function toAppError(error: FastifyError | Error): AppError | null {
  if (error instanceof AppError) return error;
  const fe = error as FastifyError;
  const known = fe.code ? FASTIFY_ERRORS[fe.code] : undefined;
  if (known) return new AppError(known[0], known[2] ?? fe.statusCode ?? 400, known[1]);
  if (error instanceof SyntaxError && fe.statusCode === 400)
    return new AppError('VALIDATION', 400, FASTIFY_ERRORS.FST_ERR_CTP_INVALID_JSON_BODY![1]);
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
    return new AppError('VALIDATION', fe.statusCode, { zh: '请求无效', en: 'Invalid request' });
  }
  return null;
}

/**
 * A multipart body the parser could not read (truncated, wrong or missing boundary). busboy raises these as
 * plain Errors without a code, so only the code that reads the upload can tell them apart: see http/multipart.ts.
 */
export function malformedUpload(): AppError {
  return new AppError('VALIDATION', 400, MALFORMED_FORM, [
    { path: 'file', message: { zh: `文件：${MALFORMED_FORM.zh}`, en: `File: ${MALFORMED_FORM.en}` } },
  ]);
}

export function errorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const lang = requestLang(request);
  const known = toAppError(error);
  if (known) {
    if (known.status >= 500) request.log.error({ err: error }, 'application error');
    return reply.code(known.status).send(errorBody(known, lang));
  }
  // Internals go to the log under the request id; the client gets only the id to quote.
  request.log.error({ err: error, correlationId: request.id }, 'unhandled error');
  const internal = new AppError('INTERNAL', 500, {
    zh: '服务器内部错误，请联系管理员并提供编号',
    en: 'Internal error; quote the id to your administrator',
  });
  return reply.code(500).send(errorBody(internal, lang, String(request.id)));
}

export function notFoundHandler(request: FastifyRequest, reply: FastifyReply) {
  const lang = requestLang(request);
  const error = new AppError('NOT_FOUND', 404, { zh: '接口不存在', en: 'No such endpoint' });
  return reply.code(404).send(errorBody(error, lang));
}
