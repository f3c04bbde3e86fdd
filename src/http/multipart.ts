/**
 * Reading the one file of a multipart upload. A malformed body (truncated, wrong or missing boundary) is the
 * sender's error: busboy raises it as a plain Error without a code, which reached the client as a 500. Only
 * the parsing is wrapped here, so a failure of our own code or of the disk still surfaces as one.
 */
import type { MultipartFile } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../core/errors.ts';
import { malformedUpload, toAppError } from './errors.ts';

/** The AppError for a failure while the multipart body was parsed; anything else is rethrown unchanged. */
function uploadFailure(error: unknown, tooLarge: () => AppError): unknown {
  if (error instanceof AppError) return error;
  const code = (error as { code?: unknown }).code;
  if (code === 'FST_REQ_FILE_TOO_LARGE') return tooLarge();
  if (typeof code === 'string' && code.startsWith('FST_')) return toAppError(error as Error) ?? error;
  if (error instanceof Error && code === undefined) return malformedUpload();
  return error;
}

/** Runs one step of reading an upload (finding the part, draining its stream), mapping parse errors to 4xx. */
export async function readingUpload<T>(tooLarge: () => AppError, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    throw uploadFailure(error, tooLarge);
  }
}

/** The request's file part, or undefined when the form holds none. */
export function uploadedFile(request: FastifyRequest, tooLarge: () => AppError): Promise<MultipartFile | undefined> {
  return readingUpload(tooLarge, () => request.file());
}

/** The whole file in memory (attachments and documents, a few MB at most); a truncated file is too large. */
export async function uploadedBytes(part: MultipartFile, tooLarge: () => AppError): Promise<Buffer> {
  const bytes = await readingUpload(tooLarge, () => part.toBuffer());
  if (part.file.truncated) throw tooLarge();
  return bytes;
}
