/** How an answer that is a web page is described (the CLI's hint looks for it). */
export const WEB_PAGE = 'not text/html';

/** `application/json`, `text/json`, `application/problem+json`: a JSON answer, of any shape. */
const JSON_TYPE = /[/+]json$/;

const TITLE = /<title[^>]*>([^<]*)<\/title>/i;

/** Longer, a title is more likely a page's text than its name: left out. */
const MAX_TITLE = 80;

/**
 * Why a successful answer is no envelope, when it is not JSON at all: its content type, its
 * status and a page's short title, never its body. A login page or a proxy's error page
 * answers there, so the URL is the wrong one. `undefined` for any other answer (a JSON
 * one, or a failed status, which `openAnswer` names), left to `openAnswer`.
 */
export function notAnEnvelope(response: Response, text: string): string | undefined {
  if (!response.ok) return undefined;
  const type = (response.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
  if (type && JSON_TYPE.test(type)) return undefined;
  try {
    JSON.parse(text);
    return undefined;
  } catch {
    const title = TITLE.exec(text)?.[1]?.replace(/\s+/g, ' ').trim();
    const named = title && title.length <= MAX_TITLE ? `, a page titled "${title}"` : '';
    const what = text.trim() === '' ? 'an empty answer' : type || 'an answer of no content type';
    return `expected a JSON envelope, not ${what} (HTTP ${response.status}${named})`;
  }
}
