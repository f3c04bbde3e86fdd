import { describe, expect, it } from 'vitest';
import { AppError } from '../core/errors.ts';
import { isRetryableConflict, retryConflicts, TRANSACTION_ATTEMPTS } from './retry.ts';

const conflict = (code: string) => Object.assign(new Error('conflict'), { code });

describe('retryConflicts', () => {
  it('runs a deadlock victim again and returns its second result', async () => {
    let runs = 0;
    const result = await retryConflicts(async () => {
      runs++;
      if (runs === 1) throw conflict('40P01');
      return 'saved';
    });
    expect([result, runs]).toEqual(['saved', 2]);
  });

  it('answers 503 BUSY in Chinese once every attempt lost a conflict', async () => {
    let runs = 0;
    const error = await retryConflicts(async () => {
      runs++;
      throw conflict('40001');
    }).catch((e: unknown) => e);
    expect(runs).toBe(TRANSACTION_ATTEMPTS);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'BUSY', status: 503 });
    expect((error as AppError).text.zh).toContain('请稍后重试');
  });

  it('passes any other error through at once', async () => {
    let runs = 0;
    const error = await retryConflicts(async () => {
      runs++;
      throw conflict('23505');
    }).catch((e: unknown) => e);
    expect([runs, (error as { code: string }).code]).toEqual([1, '23505']);
  });

  it('recognises a conflict wrapped as the cause of another error', () => {
    expect(isRetryableConflict(new Error('wrapped', { cause: conflict('40P01') }))).toBe(true);
    expect(isRetryableConflict(new Error('plain'))).toBe(false);
  });
});
