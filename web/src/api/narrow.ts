/**
 * Some answers declare an enumeration as a plain string (a work item's service kind, a timeline event's status).
 * These read such a value against the console's own list instead of casting it.
 */

/** `key` when `record` has it as its own key. */
export function keyOf<R extends object>(record: R, key: string | null | undefined): (keyof R & string) | undefined {
  return key != null && Object.hasOwn(record, key) ? (key as keyof R & string) : undefined;
}

/** `record[key]` when `record` has that key, otherwise undefined (the caller shows the raw value). */
export function labelOf<R extends object>(record: R, key: string | null | undefined): R[keyof R] | undefined {
  const known = keyOf(record, key);
  return known === undefined ? undefined : record[known];
}

/** `value` when it is one of `allowed`. */
export function oneOf<T extends string>(value: string | null | undefined, allowed: readonly T[]): T | undefined {
  return allowed.find((item) => item === value);
}
