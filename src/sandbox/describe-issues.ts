import type * as z from 'zod/mini';

/** `personData.dateOfBirth`, `steps[2].node`: the way an integrator would write the path. */
export const issuePath = (path: readonly PropertyKey[]): string =>
  path.reduce<string>((out, key) => {
    if (typeof key === 'number') return `${out}[${key}]`;
    return out === '' ? String(key) : `${out}.${String(key)}`;
  }, '');

const typeOf = (value: unknown): string =>
  value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;

const valueAt = (input: unknown, path: readonly PropertyKey[]): unknown =>
  path.reduce<unknown>(
    (value, key) =>
      typeof value === 'object' && value !== null
        ? (value as Record<PropertyKey, unknown>)[key]
        : undefined,
    input,
  );

/**
 * One issue as `field: what was expected`. zod/mini ships no locale, so its messages are
 * all "Invalid input"; this says what the field needed. Never quotes a value (it may be
 * personal data), only its type.
 */
export function describeIssue(issue: z.core.$ZodIssue, input: unknown): string {
  const field = issuePath(issue.path) || '(body)';
  if (issue.message && issue.message !== 'Invalid input') return `${field}: ${issue.message}`;
  switch (issue.code) {
    case 'invalid_type': {
      const received = valueAt(input, issue.path);
      return received === undefined
        ? `${field}: required (${issue.expected})`
        : `${field}: expected ${issue.expected}, received ${typeOf(received)}`;
    }
    case 'invalid_value':
      return `${field}: expected one of ${issue.values.map(String).join(', ')}`;
    case 'too_small':
      return `${field}: expected at least ${String(issue.minimum)}${issue.origin === 'string' ? ' characters' : ''}`;
    case 'too_big':
      return `${field}: expected at most ${String(issue.maximum)}${issue.origin === 'string' ? ' characters' : ''}`;
    case 'invalid_format':
      return `${field}: expected ${issue.format}`;
    case 'invalid_union': {
      // Say why the most plausible branch failed: the first that got past the type check.
      const branch =
        issue.errors.find(
          (issues) =>
            !issues.every((inner) => inner.code === 'invalid_type' && inner.path.length === 0),
        ) ?? issue.errors[0];
      if (!branch?.length) return `${field}: invalid`;
      return branch
        .map((inner) => describeIssue({ ...inner, path: [...issue.path, ...inner.path] }, input))
        .join('; ');
    }
    case 'unrecognized_keys':
      return `${field}: unknown field(s) ${issue.keys.join(', ')}`;
    default:
      return `${field}: invalid (${issue.code})`;
  }
}

export const describeIssues = (issues: readonly z.core.$ZodIssue[], input: unknown): string =>
  issues.map((issue) => describeIssue(issue, input)).join('; ');
