import type * as z from 'zod/mini';
import type { ValidationIssue } from './errors/index.js';

/** zod/mini loads no locale, so every issue it raises itself says just this. */
const GENERIC_MESSAGE = 'Invalid input';

const size = (origin: string, limit: number | bigint) =>
  `${limit}${origin === 'string' ? ' characters' : origin === 'array' ? ' items' : ''}`;

/** An issue as zod hands it to an error map (raw) or reports it (final). */
type Issue = z.core.$ZodIssue | z.core.$ZodRawIssue;

/** A message built from what the schema expects; never from the value it got. */
const describe = (issue: Issue): string => {
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${issue.expected}`;
    case 'invalid_value':
      return `expected one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}`;
    case 'too_small':
      return `expected ${issue.exact ? 'exactly' : issue.inclusive === false ? 'more than' : 'at least'} ${size(issue.origin, issue.minimum)}`;
    case 'too_big':
      return `expected ${issue.exact ? 'exactly' : issue.inclusive === false ? 'less than' : 'at most'} ${size(issue.origin, issue.maximum)}`;
    case 'invalid_format':
      return `expected ${issue.format} format`;
    case 'unrecognized_keys':
      return `unexpected keys ${issue.keys.join(', ')}`;
    case 'invalid_union':
      return 'matches none of the allowed shapes';
    default:
      return 'invalid';
  }
};

/**
 * Turns zod issues into issues that name the field and say what was expected. Values are
 * never copied: they may be a customer's personal data.
 */
export const toValidationIssues = (issues: readonly z.core.$ZodIssue[]): ValidationIssue[] =>
  issues.map((issue) => ({
    field: issue.path.map(String).join('.'),
    message: issue.message && issue.message !== GENERIC_MESSAGE ? issue.message : describe(issue),
  }));

/**
 * Parse options that word zod's own issues with `describe`, whatever the process configured:
 * a host whose backend also loads zod's English locale (or its own error map) would
 * otherwise change the messages its proxy sends. A schema's own messages still win. Pass to
 * every parse whose issues someone reads, so the same mistake reads the same everywhere.
 */
export const ISSUE_WORDING = { error: describe } satisfies z.core.ParseContext<z.core.$ZodIssue>;
