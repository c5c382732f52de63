/** What the demo server tells the page (and, on the first visit, the session cookie it sets). */
export interface DemoConfig {
  /** The sandbox's speed: the flow polls at the same pace. */
  readonly speed: number;
  /** The sandbox's one OTP code, shown on the page. */
  readonly otpCode: string;
  readonly scenarios: readonly string[];
}

export async function loadDemoConfig(): Promise<DemoConfig> {
  const response = await fetch('/demo/config', { credentials: 'same-origin' });
  if (!response.ok) throw new Error(`the demo server answered ${response.status}`);
  return (await response.json()) as DemoConfig;
}
