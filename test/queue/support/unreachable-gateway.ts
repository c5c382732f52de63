/** Gateway settings for a worker that must never reach one (port 1 answers nothing). */
export const UNREACHABLE_GATEWAY = {
  gatewayUrl: 'http://127.0.0.1:1/gateway',
  apiKey: 'ak_test',
  apiSecret: 'sk_test',
  domainId: 'dom_test',
} as const;
