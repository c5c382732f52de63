import { createHash } from 'node:crypto';

/** An email as a saved flow that keeps no personal data names its customer: trimmed, lower case. */
export const emailDigest = (email: string): string =>
  createHash('sha256').update(email.trim().toLowerCase()).digest('hex');
