import { redact, redactText as redactMachineText } from '../../machine/index.js';

/** Removes personal data from anything that leaves the process (output, inspector). */
export const redactPersonalData = <T>(value: T): T => redact(value);

/** Removes personal values (emails, file URLs) from free text such as an error message. */
export const redactText = (text: string): string => redactMachineText(text);
