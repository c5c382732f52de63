import { type CallScope, type ProxyContext, refuse } from './context.js';
import { checkAnswer, describeReport } from './contract.js';
import { exchange } from './exchange.js';
import { mediaTypeOf } from './media-type.js';
import { admit } from './ownership.js';
import { readLimitedBody } from './read-body.js';
import { type ProxyCaller, UPLOAD_API } from './types.js';

type UploadReading =
  | { readonly file: Blob; readonly filename: string; readonly executionId: string }
  | { readonly shown: string };

const readUpload = (form: FormData): UploadReading => {
  const files = form.getAll('file');
  const executionIds = form.getAll('executionId');
  const [file] = files;
  const [executionId] = executionIds;
  // Exactly one of each: with two executionIds the storage service might read the other one.
  if (files.length !== 1 || !(file instanceof Blob)) return { shown: 'expected one file' };
  if (executionIds.length !== 1 || typeof executionId !== 'string' || executionId === '') {
    return { shown: 'expected one executionId' };
  }
  const filename = file instanceof File && file.name !== '' ? file.name : 'upload';
  return { file, filename, executionId };
};

/**
 * `POST {proxyUrl}?api=storage.upload`, multipart (`file`, `executionId`): the execution
 * must be the caller's; the form is rebuilt from just those two fields and sent to the
 * storage service the way the client's own uploader does. The answer must be `{ url }`.
 */
export const handleUpload = async (
  context: ProxyContext,
  request: Request,
  caller: ProxyCaller,
): Promise<Response> => {
  const scope: CallScope = { api: UPLOAD_API, callerId: caller.callerId };
  if (context.storageUrl === undefined) return refuse(context, scope, 'methodNotAllowed');
  if (mediaTypeOf(request) !== 'multipart/form-data') {
    return refuse(context, scope, 'unsupportedMediaType');
  }
  const bytes = await readLimitedBody(request, context.maxUploadBytes);
  if (bytes === undefined) return refuse(context, scope, 'bodyTooLarge');

  let form: FormData;
  try {
    const contentType = request.headers.get('content-type') ?? '';
    form = await new Response(bytes, { headers: { 'content-type': contentType } }).formData();
  } catch {
    return refuse(context, scope, 'invalidBody', { shown: 'not a multipart form' });
  }
  const upload = readUpload(form);
  if ('shown' in upload) return refuse(context, scope, 'invalidBody', { shown: upload.shown });

  const refusal = await admit(context.bindings, caller, {
    kind: 'execution',
    executionId: upload.executionId,
  });
  if (refusal) return refuse(context, scope, refusal);

  const forwarded = new FormData();
  forwarded.set('file', upload.file, upload.filename);
  forwarded.set('executionId', upload.executionId);
  const url = new URL(context.storageUrl);
  url.searchParams.set('apiKey', context.apiKey);
  const relayed = await exchange(context.upstream, url.toString(), {
    headers: { 'x-domain': context.domainId },
    body: forwarded,
  });
  if (!relayed.ok) {
    if (relayed.refusal) {
      context.report({ refusal: relayed.refusal, ...scope, detail: relayed.detail });
    }
    return relayed.response;
  }
  const validation = checkAnswer(UPLOAD_API, relayed.data);
  if (validation) {
    const shown = describeReport(validation);
    return refuse(context, scope, 'invalidAnswer', { detail: validation, shown, validation });
  }
  return relayed.response;
};
