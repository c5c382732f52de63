import type { ValidationReport } from '../../services/envelope.js';
import { decodeAnswer } from '../../services/wire/encoded-answers.js';
import { JSON_STRING_FIELDS } from '../../services/wire/json-string-fields.js';
import type { MethodName } from '../../services/wire/methods.js';
import type { BindingKey } from './binding-types.js';
import { type AdmittedCaller, type CallScope, type ProxyContext, refuse } from './context.js';
import { checkAnswer, checkRequest, describeReport } from './contract.js';
import { jsonTextProblem } from './duplicate-keys.js';
import { successResponse } from './envelope.js';
import { exchange } from './exchange.js';
import { fileRefusal, foreignFileFields } from './file-addresses.js';
import { checkIdLengths } from './id-lengths.js';
import { mediaTypeOf } from './media-type.js';
import { admitCallbackKey, noteShownNode } from './node-keys.js';
import {
  admitOtpIdentity,
  IDENTITY_REFUSAL,
  isOtpCall,
  noteNamedIdentity,
  VERIFY_IDENTITY_REFUSAL,
} from './otp-identity.js';
import {
  admit,
  bindAnswer,
  type CallSubject,
  releaseClaim,
  stringAt,
  subjectOf,
} from './ownership.js';
import { bodyRefusal, JSON_BODY_PACE, readLimitedBody } from './read-body.js';

type BodyReading =
  | { readonly text: string; readonly body: unknown }
  | { readonly shown: string; readonly validation?: ValidationReport };

/** The values of `method`'s JSON string fields in `body` that are JSON texts. */
const jsonStringsOf = (method: MethodName, body: unknown): string[] => {
  const fields: readonly string[] = Object.hasOwn(JSON_STRING_FIELDS, method)
    ? JSON_STRING_FIELDS[method as keyof typeof JSON_STRING_FIELDS]
    : [];
  if (typeof body !== 'object' || body === null) return [];
  return fields.flatMap((field) => {
    const value: unknown = Reflect.get(body, field);
    if (typeof value !== 'string') return [];
    try {
      JSON.parse(value);
      return [value];
    } catch {
      // Not JSON: the contract's check says so, naming the field.
      return [];
    }
  });
};

/**
 * What of an answer reaches the caller. A register answered with another customerId than
 * the one sent (a variant of it included: a gateway that matches ids ignoring case answers
 * with the record it holds) may be another customer's record (that gateway, a cache that
 * mixed answers up) or this one's under the gateway's own spelling: the flow goes on with
 * the id sent either way, and the caller gets that id alone, never the record's other
 * fields (an email, say), which the host hears of.
 */
const callersPart = (
  context: ProxyContext,
  scope: CallScope,
  subject: CallSubject,
  data: unknown,
): unknown => {
  if (subject.kind !== 'register') return data;
  const answered = stringAt(data, 'customerId');
  if (answered === undefined || answered === subject.customerId) return data;
  const detail = 'a register answered with another customerId: only the one sent was relayed';
  context.report({ refusal: 'invalidAnswer', ...scope, detail });
  return { customerId: subject.customerId };
};

/** The body as text and as JSON, or why it is not a request we accept. */
const readJson = (bytes: Uint8Array, method: MethodName): BodyReading => {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return { shown: 'not UTF-8' };
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { shown: 'not JSON' };
  }
  // The JSON string fields (`personData`…) are JSON texts of their own, read by the gateway.
  for (const json of [text, ...jsonStringsOf(method, body)]) {
    const problem = jsonTextProblem(json);
    if (problem) return { shown: problem };
  }
  const validation = checkRequest(method, body) ?? checkIdLengths('request', body);
  if (validation) return { shown: describeReport(validation), validation };
  return { text, body };
};

/**
 * `POST {proxyUrl}?api={method}` with the plain JSON body, from the site's own pages (or
 * the origins the host allows) like every route: checked against the contract and the
 * caller's rights, signed as received (the bytes signed are the bytes forwarded), and
 * relayed once the answer is checked against the contract too and what it names is bound
 * to the caller.
 */
export const handleCall = async (
  context: ProxyContext,
  request: Request,
  method: MethodName,
  caller: AdmittedCaller,
): Promise<Response> => {
  const scope: CallScope = { api: method, callerId: caller.callerId };
  if (mediaTypeOf(request) !== 'application/json') {
    return refuse(context, scope, 'unsupportedMediaType');
  }
  const body = await readLimitedBody(request, context.maxBodyBytes, JSON_BODY_PACE);
  if (!body.ok) return refuse(context, scope, bodyRefusal(body.reason));
  const reading = readJson(body.bytes, method);
  if ('shown' in reading) {
    return refuse(context, scope, 'invalidBody', { ...reading, detail: reading.validation });
  }

  const subject = subjectOf(method, reading.body);
  const admission = await admit(context, caller, subject);
  if (admission.refusal) return refuse(context, scope, admission.refusal);
  const execution = await executionOf(context, subject);
  if (subject.kind === 'execution' && execution !== undefined) {
    const refusal =
      (await nodeRefusal(context, scope, execution, subject, reading.body)) ??
      (await filesRefusal(context, scope, method, execution, reading.body));
    if (refusal) return refusal;
  }
  if (isOtpCall(method) && execution !== undefined) {
    const refusal = await otpRefusal(context, scope, method, execution, reading.body);
    if (refusal) return refusal;
  }
  try {
    return await forward(context, scope, method, caller, subject, reading, execution);
  } finally {
    await releaseClaim(context, caller, admission);
  }
};

/** The binding key of the execution an admitted call acts on, if it acts on one. */
const executionOf = async (
  context: ProxyContext,
  subject: CallSubject,
): Promise<BindingKey | undefined> =>
  subject.kind === 'execution' && subject.executionId !== undefined
    ? `execution:${await context.digest(subject.executionId)}`
    : undefined;

/** A callbackKey no status read of this execution showed, refused before signing. */
const nodeRefusal = async (
  context: ProxyContext,
  scope: CallScope,
  execution: BindingKey,
  subject: { readonly executionId?: string | undefined },
  body: unknown,
): Promise<Response | undefined> => {
  const outcome = await admitCallbackKey(context, execution, subject.executionId ?? '', body);
  if (outcome === 'admitted') return undefined;
  if (outcome === 'unknown') return refuse(context, scope, 'foreignExecution');
  const detail = 'a callbackKey that no status read of this execution showed';
  return refuse(context, scope, 'unknownNode', { detail });
};

/**
 * A body whose fields pass the contract but name what this caller may not (another's file,
 * an identity past its quota): refused like a contract break, naming the fields; `detail`
 * is for the host's log.
 */
const invalidField = (
  context: ProxyContext,
  scope: CallScope,
  validation: ValidationReport,
  detail: string,
): Response =>
  refuse(context, scope, 'invalidBody', { detail, shown: describeReport(validation), validation });

/** A file address no upload of this execution answered, refused before signing. */
const filesRefusal = async (
  context: ProxyContext,
  scope: CallScope,
  method: MethodName,
  execution: BindingKey,
  body: unknown,
): Promise<Response | undefined> => {
  const foreign = await foreignFileFields(context, method, execution, body);
  if (foreign === 'unknown') return refuse(context, scope, 'foreignExecution');
  if (foreign.length === 0) return undefined;
  return invalidField(
    context,
    scope,
    fileRefusal(foreign),
    'a file address that no upload of this execution answered',
  );
};

/**
 * An OTP send to an identity this execution may not text or mail, or a verify of a code for
 * an identity it sent none to, refused before signing.
 */
const otpRefusal = async (
  context: ProxyContext,
  scope: CallScope,
  method: 'workflow.kyc.otp.send' | 'workflow.kyc.otp.verify',
  execution: BindingKey,
  body: unknown,
): Promise<Response | undefined> => {
  const sends = method === 'workflow.kyc.otp.send';
  const outcome = await admitOtpIdentity(context, execution, body, sends);
  if (outcome === 'admitted') return undefined;
  if (outcome === 'unknown') return refuse(context, scope, 'foreignExecution');
  return sends
    ? invalidField(
        context,
        scope,
        IDENTITY_REFUSAL,
        `an OTP send to a new identity past quotas.otpIdentitiesPerExecution (${context.quotas.otpIdentitiesPerExecution}) for this execution`,
      )
    : invalidField(
        context,
        scope,
        VERIFY_IDENTITY_REFUSAL,
        'an OTP verify for an identity this execution sent no code to',
      );
};

/** Signed and sent to the gateway; its answer checked, bound to the caller, relayed. */
const forward = async (
  context: ProxyContext,
  scope: CallScope,
  method: MethodName,
  caller: AdmittedCaller,
  subject: CallSubject,
  reading: { readonly text: string; readonly body: unknown },
  execution: BindingKey | undefined,
): Promise<Response> => {
  const url = new URL(context.gatewayUrl);
  url.searchParams.set('api', method);
  url.searchParams.set('apiVersion', context.apiVersion);
  url.searchParams.set('apiKey', context.apiKey);
  url.searchParams.set('sign', await context.sign(reading.text));
  const relayed = await exchange(context.upstream, url.toString(), {
    headers: { 'content-type': 'application/json', 'x-domain': context.domainId },
    body: reading.text,
  });
  if (!relayed.ok) {
    if (relayed.refusal)
      context.report({ refusal: relayed.refusal, ...scope, detail: relayed.detail });
    return relayed.response;
  }
  // Checked before anything is bound or relayed: the page never sees what the contract forbids.
  // Read as the server's client reads it (parts sent as JSON text decoded), and relayed so.
  const data = decodeAnswer(method, relayed.data);
  const validation = checkAnswer(method, data, reading.body) ?? checkIdLengths('response', data);
  if (validation) {
    const shown = describeReport(validation);
    return refuse(context, scope, 'invalidAnswer', { detail: validation, shown, validation });
  }
  const late = await bindAnswer(context, caller, subject, data);
  if (late) return refuse(context, scope, late);
  await noteNamedIdentity(context, method, execution, data);
  const executionId = subject.kind === 'execution' ? subject.executionId : undefined;
  await noteShownNode(context, method, execution, executionId, data);
  return successResponse(callersPart(context, scope, subject, data));
};
