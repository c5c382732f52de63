import type { ValidationReport } from '../../services/envelope.js';
import { GATEWAY_CODES, WORKFLOW_CODES } from '../../services/wire/vocabulary.js';
import { PROXY_REFUSALS } from './refusals.js';
import type { ProxyRefusal } from './types.js';

const JSON_HEADERS = {
  'content-type': 'application/json; charset=utf-8',
  // Answers carry personal data and per-caller state: no shared cache may keep them.
  'cache-control': 'no-store',
} as const;

export const jsonResponse = (
  body: string,
  status: number,
  extraHeaders?: Record<string, string>,
): Response => new Response(body, { status, headers: { ...JSON_HEADERS, ...extraHeaders } });

/** A success in the gateway's envelope shape, carrying `data` as the proxy read it. */
export const successResponse = (data: unknown): Response =>
  jsonResponse(JSON.stringify({ apiCode: 200, apiMsg: 'OK', data }), 200);

/** A failure in the gateway's envelope shape. */
export const failureResponse = (
  status: number,
  apiCode: number,
  apiMsg: string,
  extraHeaders?: Record<string, string>,
): Response => jsonResponse(JSON.stringify({ apiCode, apiMsg, data: null }), status, extraHeaders);

export const refusalResponse = (
  refusal: ProxyRefusal,
  detail?: string,
  validation?: ValidationReport,
): Response => {
  const { status, apiCode, apiMsg: name } = PROXY_REFUSALS[refusal];
  const apiMsg = detail === undefined ? name : `${name} (${detail})`;
  if (!validation) return failureResponse(status, apiCode, apiMsg);
  return jsonResponse(JSON.stringify({ apiCode, apiMsg, data: null, validation }), status);
};

/**
 * The names of the codes we know; an upstream failure is relayed by code with this name as
 * its message, because the gateway's own message may carry internal detail.
 */
export const CODE_NAMES: ReadonlyMap<number, string> = new Map(
  [...Object.entries(GATEWAY_CODES), ...Object.entries(WORKFLOW_CODES)].map(([name, code]) => [
    code,
    name,
  ]),
);
