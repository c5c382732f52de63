import type { ValidationReport } from '../../services/envelope.js';
import { isRecord } from '../../services/envelope.js';
import type { MethodName } from '../../services/wire/methods.js';
import type { BindingKey } from './binding-types.js';
import type { ProxyContext } from './context.js';
import { shownField } from './contract.js';
import { stringAt } from './ownership.js';

/*
 * A submission's file addresses must be ones this proxy's uploads answered for its own
 * execution. Their format is the vendor's, and a gateway that read any file it can reach
 * would let a caller who learnt another's address (`s3://…/<their executionId>/…`, from a
 * log, a shared screen or a guess) submit that customer's ID or selfie as its own. Each
 * upload's address is noted with the execution it was sent for, among the things its
 * nodes showed (the newest 32 kept), so a submission names only what was uploaded for it.
 */

const fileKey = (address: string) => `file:${address}`;

const parsed = (text: unknown): unknown => {
  if (typeof text !== 'string') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

/** The file addresses a submission names, each with the field it is in. */
const addressesIn = (
  method: MethodName,
  body: unknown,
): ReadonlyArray<readonly [field: string, address: string]> => {
  const found: Array<readonly [string, string | undefined]> = [];
  if (method === 'workflow.kyc.ocr') {
    found.push(['frontImage', stringAt(body, 'frontImage')]);
    found.push(['backImage', stringAt(body, 'backImage')]);
  }
  // `images` and `doc` are loose objects (a gateway may take more than the contract names):
  // every image and every side's `url` is an address, or one under a name the contract does
  // not know (`images.faceLeft`, `doc.extra.url`) would reach the gateway unchecked.
  if (method === 'workflow.kyc.liveness.data' && isRecord(body)) {
    const images = parsed(body.images);
    for (const [name, image] of isRecord(images) ? Object.entries(images) : []) {
      found.push([`images.${shownField(name)}`, typeof image === 'string' ? image : undefined]);
    }
  }
  if (method === 'workflow.kyc.required.doc' && isRecord(body)) {
    const doc = parsed(body.doc);
    for (const [side, file] of isRecord(doc) ? Object.entries(doc) : []) {
      found.push([`doc.${shownField(side)}.url`, stringAt(file, 'url')]);
    }
  }
  return found.flatMap(([field, address]) =>
    address === undefined ? [] : [[field, address] as const],
  );
};

/** Notes the address an upload for `execution` answered, so its submissions may name it. */
export const noteUploadedFile = async (
  context: ProxyContext,
  execution: BindingKey,
  address: string,
): Promise<void> => {
  await context.bindings.admitIdentity(execution, {
    identity: await context.identityDigest(fileKey(address)),
    named: true,
    limit: context.quotas.otpIdentitiesPerExecution,
  });
};

/**
 * The fields of a submission whose file address no upload of this execution answered, or
 * `'unknown'` when no such execution is remembered. Checked only where the page's files go
 * through the proxy (`uploads.fileAddresses`): with `uploads: false` or `'any'` they are
 * the gateway's to check.
 */
export const foreignFileFields = async (
  context: ProxyContext,
  method: MethodName,
  execution: BindingKey,
  body: unknown,
): Promise<readonly string[] | 'unknown'> => {
  if (!context.uploads.onlyUploadedFiles) return [];
  const foreign: string[] = [];
  for (const [field, address] of addressesIn(method, body)) {
    const outcome = await context.bindings.admitIdentity(execution, {
      identity: await context.identityDigest(fileKey(address)),
      named: false,
      limit: 0,
    });
    if (outcome === 'unknown') return 'unknown';
    if (outcome === 'over') foreign.push(field);
  }
  return foreign;
};

/** Refused like a body that breaks the contract, naming the fields, never the addresses. */
export const fileRefusal = (fields: readonly string[]): ValidationReport => ({
  direction: 'request',
  issues: fields.map((field) => ({
    field,
    message: 'expected the address an upload of this execution answered (upload the file again)',
  })),
});
