import { constants } from 'node:fs';
import { access, readFile, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type * as z from 'zod/mini';
import { toFileReference } from './file-reference.js';
import { type CustomerProfile, customerProfileSchema } from './profile.js';
import { ProfileError, type ProfileIssue } from './profile-error.js';

export interface ProfileLoadOptions {
  /** Where `otp.env` is read; `process.env` by default. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/**
 * Reads and checks a customer profile file: its shape, its dates, that every local file it
 * names can be read, that its OTP source is set. Every problem is a `ProfileError` naming
 * the field, raised before a flow sends anything.
 */
export async function loadProfile(
  path: string,
  options: ProfileLoadOptions = {},
): Promise<CustomerProfile> {
  const source = resolve(path);
  let text: string;
  try {
    text = await readFile(source, 'utf8');
  } catch (error) {
    throw new ProfileError(path, [
      { field: '(file)', message: `cannot read the profile (${errorCode(error)})` },
    ]);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    // The parser's message quotes the text, which may hold personal data: say no more.
    throw new ProfileError(path, [{ field: '(file)', message: 'is not valid JSON' }]);
  }
  return parseProfile(data, { ...options, source: path, baseDirectory: dirname(source) });
}

export interface ProfileParseOptions extends ProfileLoadOptions {
  /** Names the profile in error messages. */
  readonly source: string;
  /** The directory local file paths are relative to. */
  readonly baseDirectory: string;
}

/** Checks an already parsed profile (see `loadProfile`). */
export async function parseProfile(
  data: unknown,
  options: ProfileParseOptions,
): Promise<CustomerProfile> {
  const parsed = customerProfileSchema.safeParse(data, { reportInput: true });
  if (!parsed.success) {
    throw new ProfileError(options.source, parsed.error.issues.map(toProfileIssue));
  }
  const profile: CustomerProfile = { ...parsed.data, baseDirectory: options.baseDirectory };
  const issues = [
    ...(await unreadableFiles(profile)),
    ...otpIssues(profile, options.env ?? process.env),
  ];
  if (issues.length > 0) throw new ProfileError(options.source, issues);
  return profile;
}

/** Every file field of a profile, with its dotted path. */
export function profileFiles(profile: CustomerProfile): Array<{ field: string; value: string }> {
  const files: Array<{ field: string; value: string }> = [];
  const add = (field: string, value: string | undefined) => {
    if (value !== undefined) files.push({ field, value });
  };
  add('identityDocument.front', profile.identityDocument?.front);
  add('identityDocument.back', profile.identityDocument?.back);
  add('liveness.selfie', profile.liveness?.selfie);
  profile.documents?.forEach((document, index) => {
    add(`documents.${index}.file`, document.file);
    add(`documents.${index}.back`, document.back);
  });
  return files;
}

async function unreadableFiles(profile: CustomerProfile): Promise<ProfileIssue[]> {
  const checks = profileFiles(profile).map(async ({ field, value }): Promise<ProfileIssue[]> => {
    const reference = toFileReference(value, profile.baseDirectory);
    if (reference.kind === 'url') return [];
    try {
      await access(reference.path, constants.R_OK);
      if (!(await stat(reference.path)).isFile()) {
        return [{ field, message: 'is not a file' }];
      }
      return [];
    } catch (error) {
      // The path is the profile's own text and may name the customer: the field says which.
      return [{ field, message: `cannot read the file (${errorCode(error)})` }];
    }
  });
  return (await Promise.all(checks)).flat();
}

function otpIssues(
  profile: CustomerProfile,
  env: Readonly<Record<string, string | undefined>>,
): ProfileIssue[] {
  const name = profile.otp?.env;
  if (name === undefined) return [];
  const value = env[name];
  if (value === undefined || value === '') {
    return [{ field: 'otp.env', message: `environment variable ${name} is not set` }];
  }
  if (!/^\d{4,8}$/.test(value)) {
    return [{ field: 'otp.env', message: `environment variable ${name} is not a numeric code` }];
  }
  return [];
}

const errorCode = (error: unknown): string =>
  error instanceof Error && 'code' in error && typeof error.code === 'string'
    ? error.code
    : 'unreadable';

/** One zod issue in words that name the field and never quote the value. */
function toProfileIssue(issue: z.core.$ZodIssue): ProfileIssue {
  const field = issue.path.map(String).join('.') || '(root)';
  const missing = !('input' in issue) || issue.input === undefined;
  switch (issue.code) {
    case 'unrecognized_keys':
      return {
        field,
        message: `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')}`,
      };
    case 'invalid_type':
      return { field, message: missing ? 'is required' : `expected ${issue.expected}` };
    case 'invalid_value':
      return {
        field,
        message: `${missing ? 'is required: ' : ''}expected one of ${issue.values.map(String).join(', ')}`,
      };
    default:
      return { field, message: issue.message };
  }
}
