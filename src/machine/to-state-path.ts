/** `{ tracking: { emailOtp: 'codeSent' } }` → `tracking.emailOtp.codeSent`. */
export function toStatePath(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    const [key, child] = Object.entries(value)[0] ?? [];
    if (key === undefined) return '';
    const rest = toStatePath(child);
    return rest ? `${key}.${rest}` : key;
  }
  return '';
}
