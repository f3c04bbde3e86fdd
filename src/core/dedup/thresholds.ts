/** The duplicate score thresholds (issue 24): apart from the matcher, so the configuration loads no dictionaries. */
export interface Thresholds {
  /** From this score a pair is a candidate: listed on create and in the review queue. */
  candidate: number;
  /** From this score a pair is shown as 很可能重复 (likely the same person). */
  likely: number;
}

/**
 * Defaults (src/core/dedup/score.ts): look-alikes that share name, birth date and county but not the number score
 * about 4, twins 3 to 5; a duplicate with two typos in the number and a spelling variant scores 11 or more.
 * 8 lies between.
 */
export const DEFAULT_THRESHOLDS: Thresholds = { candidate: 8, likely: 14 };
