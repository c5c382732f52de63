import { type AdmittedCaller, type CallScope, type ProxyContext, refuse } from './context.js';
import { checkAnswer, describeReport } from './contract.js';
import { successResponse } from './envelope.js';
import { exchange } from './exchange.js';
import { noteUploadedFile } from './file-addresses.js';
import { driverOf, readHandoff } from './handoff-state.js';
import { mediaTypeOf } from './media-type.js';
import { admitExecution, stringAt } from './ownership.js';
import { UPLOAD_API } from './types.js';
import { checkFile } from './upload-file.js';
import { readUploadForm, refusalBeforeReading } from './upload-form.js';

/** The form read and checked, then sent to the storage service as the client's uploader would. */
const forward = async (
  context: ProxyContext,
  scope: CallScope,
  request: Request,
  caller: AdmittedCaller,
): Promise<Response> => {
  const form = await readUploadForm(context, request);
  if ('refusal' in form) return refuse(context, scope, form.refusal, form);
  const foreign = await admitExecution(context, caller, form.executionId);
  if (foreign) return refuse(context, scope, foreign);
  const checked = checkFile(context.uploads, form);
  if ('refusal' in checked) return refuse(context, scope, checked.refusal, checked);

  const forwarded = new FormData();
  forwarded.set('file', checked.file);
  forwarded.set('executionId', form.executionId);
  const url = new URL(context.storageUrl ?? '');
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
  // Noted before the page sees the address: a store that fails fails the upload, never the
  // submission that names it.
  const execution = `execution:${await context.digest(form.executionId)}` as const;
  await noteUploadedFile(context, execution, stringAt(relayed.data, 'url') ?? '');
  return successResponse(relayed.data);
};

/**
 * Whose upload slots an upload takes, known before its body is read, or `undefined` when
 * the caller has nothing to upload for: a device driving a flow handed to it counts against
 * the account that handed it (devices must not multiply an account's slots); any other
 * caller against itself, if it holds a live binding. The execution the form names is
 * checked once it is read (`forward`): this only keeps a caller with nothing to upload for
 * from holding a slot while its body trickles in.
 */
const slotHolder = async (
  context: ProxyContext,
  caller: AdmittedCaller,
): Promise<string | undefined> => {
  const keeping = context.flows;
  const granted = keeping?.handoff ? await keeping.store.read(`grant:${caller.device}`) : undefined;
  if (keeping && granted !== undefined) {
    const drives = driverOf(keeping, await readHandoff(keeping, granted)) === caller.device;
    const binding = drives ? await context.bindings.lookup(`execution:${granted}`) : undefined;
    if (binding?.live) return binding.owner;
  }
  return (await context.bindings.held(caller.owner)) > 0 ? caller.owner : undefined;
};

/**
 * `POST {proxyUrl}?api=storage.upload`, multipart (`file`, `executionId`), from the site's
 * own pages only: the execution must be the caller's, the file of an accepted type and
 * size; the form is rebuilt from just those two fields, under a safe filename. Each caller
 * (with the devices it handed its flow to) has a few upload slots per instance and
 * `quotas.uploadsPerMinute` in all; one more is refused at once, before it is read, and so
 * is one that cannot be the caller's.
 */
export const handleUpload = async (
  context: ProxyContext,
  request: Request,
  caller: AdmittedCaller,
): Promise<Response> => {
  const scope: CallScope = { api: UPLOAD_API, callerId: caller.callerId };
  // Off (`uploads: false`, or no storage service to send to): no route, as for an unknown api.
  if (context.storageUrl === undefined) return refuse(context, scope, 'methodNotAllowed');
  if (mediaTypeOf(request) !== 'multipart/form-data') {
    return refuse(context, scope, 'unsupportedMediaType');
  }
  const early = refusalBeforeReading(context, request);
  if (early) return refuse(context, scope, early.refusal, early);
  const holder = await slotHolder(context, caller);
  if (holder === undefined) return refuse(context, scope, 'foreignExecution');
  const tooMany = (retryAfterSeconds: number, shown?: string) => {
    const answer = refuse(context, scope, 'tooManyUploads', shown ? { shown } : undefined);
    answer.headers.set('retry-after', String(retryAfterSeconds));
    return answer;
  };
  const release = context.uploads.acquire(holder);
  if (release === undefined) return tooMany(1);
  try {
    // Counted once it holds a slot: a page waiting for one spends none of its minute.
    const { count, resetInMs } = await context.bindings.countCall(`uploads:${holder}`);
    const perMinute = context.quotas.uploadsPerMinute;
    if (count > perMinute) return tooMany(Math.ceil(resetInMs / 1000), `${perMinute} a minute`);
    return await forward(context, scope, request, caller);
  } finally {
    release();
  }
};
