/** The console's validation errors, as the CLI reports a bad argument. */
import { InvalidArgumentError } from 'commander';
import { AppError } from '../core/errors.ts';

/** Rethrows an AppError as commander's InvalidArgumentError with its issues in English on one line. */
export function asInvalidArgument(error: unknown): never {
  if (!(error instanceof AppError)) throw error;
  const line = error.issues.length ? error.issues.map((i) => i.message.en).join('; ') : error.text.en;
  throw new InvalidArgumentError(line);
}
