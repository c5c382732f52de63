import * as z from 'zod/mini';
import { ID_LIMITS } from '../../services/wire/id-limits.js';
import { extraData, formData, livenessScores, personData } from '../../services/wire/records.js';
import { documentType } from '../../services/wire/vocabulary.js';
import { nearMiss } from './near-miss.js';

/**
 * A customer profile: everything a headless run needs to answer the nodes of an
 * onboarding, as one JSON file. Files are local paths (relative to the profile) or URLs.
 * Sections a workflow never asks for may be left out; the responder says which one is
 * missing when a node needs it.
 */

const fileField = z.string().check(z.minLength(1, 'expected a file path or URL'));

const customer = z
  .strictObject({
    customerId: z.optional(z.string().check(z.minLength(1), z.maxLength(ID_LIMITS.customerId))),
    email: z.optional(
      z
        .string()
        .check(
          z.regex(/^[^@\s]+@[^@\s]+$/, 'expected an email address'),
          z.maxLength(ID_LIMITS.email),
        ),
    ),
    phone: z.optional(z.string().check(z.regex(/^\+?[0-9 ()-]{6,}$/, 'expected a phone number'))),
    referenceId: z.optional(z.string().check(z.minLength(1), z.maxLength(ID_LIMITS.referenceId))),
  })
  .check(
    z.refine((value) => value.customerId !== undefined || value.email !== undefined, {
      message: 'at least one of customerId or email is required',
      path: ['customerId'],
    }),
  );

const personFields = z.extend(personData, {
  name: z.string().check(z.refine((name) => name.trim() !== '', 'expected a name, not blank')),
  dateOfBirth: z.iso.date({ error: 'expected a real date as YYYY-MM-DD' }),
});
const PERSON_KEYS: readonly string[] = Object.keys(personFields.shape);

/**
 * Unknown fields pass through to the gateway (a vendor may take fields we do not know),
 * but one that is a slip of a known field is refused: sent, it would leave the real one
 * out. Runs even when other fields are wrong (`when`), as the slip is often why they are.
 */
const person = personFields.check(
  z.superRefine(
    (value, context) => {
      if (typeof value !== 'object' || value === null) return;
      for (const key of Object.keys(value)) {
        if (PERSON_KEYS.includes(key)) continue;
        const meant = nearMiss(key, PERSON_KEYS);
        if (meant === undefined) continue;
        context.addIssue({
          code: 'custom',
          path: [key],
          message: `unknown field; did you mean ${meant}?`,
        });
      }
    },
    { when: () => true },
  ),
);

const identityDocument = z.strictObject({
  documentType,
  region: z.string().check(z.length(2, 'expected an ISO 3166 alpha-2 country code')),
  front: fileField,
  back: z.optional(fileField),
  provider: z.optional(z.string().check(z.minLength(1))),
});

const liveness = z.strictObject({
  status: z.enum(['PASS', 'FAIL']),
  scores: z._default(livenessScores, {}),
  selfie: fileField,
  provider: z.optional(z.string().check(z.minLength(1))),
});

/** Where the one-time code comes from: a fixed code (a sandbox's `123456`) or an environment variable. */
const otp = z
  .strictObject({
    code: z.optional(z.string().check(z.regex(/^\d{4,8}$/, 'expected a numeric code'))),
    env: z.optional(
      z
        .string()
        .check(z.regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected an environment variable name')),
    ),
  })
  .check(
    z.refine((value) => (value.code === undefined) !== (value.env === undefined), {
      message: 'expected exactly one of code or env',
      path: ['code'],
    }),
  );

const requiredDocument = z.strictObject({
  docType: documentType,
  file: fileField,
  back: z.optional(fileField),
  extraData: z.optional(extraData),
});

export const customerProfileSchema = z.strictObject({
  $schema: z.optional(z.string()),
  description: z.optional(z.string()),
  customer,
  person,
  identityDocument: z.optional(identityDocument),
  liveness: z.optional(liveness),
  otp: z.optional(otp),
  documents: z.optional(z.array(requiredDocument)),
  forms: z.optional(z.record(z.string().check(z.minLength(1)), formData)),
});

/** A profile as written in its JSON file. */
export type CustomerProfileInput = z.input<typeof customerProfileSchema>;
type ProfileData = z.output<typeof customerProfileSchema>;

/**
 * A loaded profile: validated, with every local file checked readable and resolved
 * against the profile's directory.
 */
export interface CustomerProfile extends ProfileData {
  /** The directory local file paths are relative to. */
  readonly baseDirectory: string;
}
