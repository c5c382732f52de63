/** A fetch that records what the client sent and answers from a script, one step per request. */

export interface SentRequest {
  readonly url: URL;
  readonly method: string;
  readonly headers: Headers;
  readonly body: string;
  readonly form?: FormData;
}

export type Step = (request: Request) => Response | Promise<Response>;

export const envelope = (data: unknown, apiCode: number | string = 200, apiMsg = 'OK') =>
  JSON.stringify({ apiCode, apiMsg, data });

export const answer =
  (body: string, init: ResponseInit = {}): Step =>
  () =>
    new Response(body, {
      status: 200,
      ...init,
      headers: { 'content-type': 'application/json', ...init.headers },
    });

export const ok = (data: unknown): Step => answer(envelope(data));

export const failWith =
  (error: Error): Step =>
  () => {
    throw error;
  };

/** Never answers; rejects only when the request's signal aborts (as real fetch does). */
export const hang: Step = (request) =>
  new Promise<Response>((_, reject) => {
    request.signal.addEventListener('abort', () => reject(request.signal.reason), { once: true });
  });

/** Sends the headers, then never finishes the body. */
export const stallBody: Step = () =>
  new Response(new ReadableStream({ start: () => undefined }), { status: 200 });

export const fakeFetch = (...steps: Step[]) => {
  const sent: SentRequest[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = input instanceof Request ? input : new Request(input, init);
    const isForm = request.headers.get('content-type')?.startsWith('multipart/form-data');
    const copy = request.clone();
    sent.push({
      url: new URL(request.url),
      method: request.method,
      headers: request.headers,
      body: isForm ? '' : await copy.text(),
      ...(isForm ? { form: await copy.formData() } : {}),
    });
    const step = steps[Math.min(sent.length, steps.length) - 1];
    if (!step) throw new Error('fake fetch has no step');
    return step(request);
  };
  return { fetch: fetch as typeof globalThis.fetch, sent };
};
