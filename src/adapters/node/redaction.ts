import { redact } from '../../machine/index.js';

/** Removes personal data from anything that leaves the process (output, inspector). */
export const redactPersonalData = <T>(value: T): T => redact(value);
