// TODO(redact): wire `redact` from src/machine when it lands; until then nothing is redacted.
/** Removes personal data from anything that leaves the process (output, inspector). */
export const redactPersonalData = <T>(value: T): T => value;
