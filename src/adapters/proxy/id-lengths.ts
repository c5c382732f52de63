import type { ValidationReport } from '../../services/envelope.js';
import type { ValidationIssue } from '../../services/errors/index.js';
import { ID_FIELDS, ID_LIMITS } from '../../services/wire/id-limits.js';

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const issuesIn = (record: Record<string, unknown>, path: string): ValidationIssue[] =>
  ID_FIELDS.flatMap((field) => {
    const value = record[field];
    if (typeof value !== 'string' || value.length <= ID_LIMITS[field]) return [];
    return [
      { field: `${path}${field}`, message: `expected at most ${ID_LIMITS[field]} characters` },
    ];
  });

/**
 * Ids longer than `ID_LIMITS` allows, where the contract puts ids: at the top of a body or
 * an answer, and in a start's `data`. The proxy remembers ids and forwards them: bounding
 * them bounds what one call can make it hold. Like every report, it names fields, never
 * values.
 */
export const checkIdLengths = (
  direction: ValidationReport['direction'],
  body: unknown,
): ValidationReport | undefined => {
  if (!isRecord(body)) return undefined;
  const issues = [
    ...issuesIn(body, ''),
    ...(isRecord(body.data) ? issuesIn(body.data, 'data.') : []),
  ];
  return issues.length === 0 ? undefined : { direction, issues };
};
