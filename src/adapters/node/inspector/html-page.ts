import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { STATELY_INSPECTOR_URL } from './stately-page.js';

/**
 * Sends an HTML page whose inline style and script run by nonce only: nothing else may
 * load, and only the Stately bridge may frame stately.ai.
 */
export function sendPage(
  response: ServerResponse,
  html: (nonce: string) => string,
  framesStately = false,
) {
  const nonce = randomBytes(16).toString('base64');
  const policy = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src 'nonce-${nonce}'`,
    "connect-src 'self'",
    `frame-src ${framesStately ? new URL(STATELY_INSPECTOR_URL).origin : "'none'"}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  response.writeHead(200, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'content-security-policy': policy,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  });
  response.end(html(nonce));
}
