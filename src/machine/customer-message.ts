import { GATEWAY_CODES, WORKFLOW_CODES } from '../services/wire/vocabulary.js';
import { FLOW_CODES } from './flow-error.js';

/** What a customer message is chosen from: an error's stable parts, never its `message`. */
export interface CustomerMessageSource {
  readonly code: string;
  readonly apiCode?: number;
  /** `true` when trying again (or waiting) may fix it without changing the input. */
  readonly retryable?: boolean;
  /** The input field at fault (`personData.dateOfBirth`), for validation errors. */
  readonly field?: string;
}

const TRY_LATER = 'We cannot continue your verification right now. Please try again later.';
const BUSY =
  'Our verification service is busy. Nothing you entered is lost; we will try again shortly.';
const CHECK_DETAILS =
  'Some of the details you entered could not be accepted. Please check them and try again.';
const LOCKED = 'That was the last try for this code. Ask for a new code to carry on.';
const COOLDOWN = 'You can ask for a new code in a moment.';
const DOCUMENTS = 'Please add every required document before you continue.';
const GARBLED = 'Something went wrong on our side. Please try again in a moment.';
const GENERIC = 'Something went wrong. Please try again in a moment.';
const ANOTHER_ACCOUNT =
  'This verification belongs to another account. Please sign in with your own to carry on.';

/**
 * A part of the page (loaded on first use) could not be fetched: the browser will not fetch
 * it again, so only a reload helps, and a reload resumes the flow where it stands.
 */
export const PAGE_NOT_LOADED = 'PAGE_NOT_LOADED';

/** The chart's own codes and the codes of kyc-flow's error classes. */
const BY_CODE: Readonly<Record<string, string>> = {
  [FLOW_CODES.OTP_CODE_REQUIRED]: 'Please enter your code again.',
  [FLOW_CODES.OTP_IDENTITY_MISSING]: 'Please tell us where to send your code.',
  [FLOW_CODES.OTP_RESEND_COOLDOWN]: COOLDOWN,
  [FLOW_CODES.OTP_CODE_REFUSED]:
    'That code was not accepted. Please check it, or ask for a new code.',
  [FLOW_CODES.OTP_LOCKED]: LOCKED,
  [FLOW_CODES.FLOW_STOPPED]: 'Your verification was paused. Open it again to carry on.',
  [FLOW_CODES.DOCUMENTS_MISSING]: DOCUMENTS,
  [FLOW_CODES.FORMS_MISSING]: 'Please complete every form before you continue.',
  [FLOW_CODES.ANSWER_NOT_TAKEN]: TRY_LATER,
  // Nothing is decided yet and nothing is lost: the page's RETRY (or a later visit) reads on.
  [FLOW_CODES.UNKNOWN_STATUS]:
    'Your verification is taking longer than usual. Nothing you entered is lost. Please try again later.',
  [FLOW_CODES.UNEXPECTED]: GARBLED,
  NO_EXECUTION: 'We are still setting up your verification. Please try again in a moment.',
  [PAGE_NOT_LOADED]:
    'Part of this page could not load while your connection was down. Please reload the page: the steps you finished are kept.',
  // The flow sends again by itself (`suspended`): there is nothing for the customer to press.
  TRANSPORT_ERROR:
    'We could not reach our servers just now. Nothing you entered is lost: we will try again by ourselves.',
  // An upload is not sent again by itself: the customer sends the file again.
  UPLOAD_FAILED: 'Your file could not be sent. Please check your connection and send it again.',
  CONTRACT_BROKEN: GARBLED,
  CREDENTIALS_REFUSED: TRY_LATER,
  // The proxy's refusals (`toFlowError` keeps their code): what the customer can act on.
  PROXY_UNAUTHENTICATED: 'Please sign in again to carry on with your verification.',
  PROXY_FOREIGN_CUSTOMER: ANOTHER_ACCOUNT,
  PROXY_FOREIGN_EXECUTION: ANOTHER_ACCOUNT,
  PROXY_BODY_TOO_LARGE: 'This file is too large. Please choose a smaller photo or document.',
  PROXY_UNSUPPORTED_FILE:
    'This file cannot be used here. Please choose a photo (JPEG, PNG or HEIC) or a PDF.',
  PROXY_TOO_MANY_UPLOADS: BUSY,
  PROXY_TOO_MANY_CALLS: BUSY,
  PROXY_BUSY: BUSY,
};

/** The gateway's documented codes and the workflow codes the client recognises. */
const BY_API_CODE: Readonly<Record<number, string>> = {
  [GATEWAY_CODES.GATEWAY_ERROR]: BUSY,
  [GATEWAY_CODES.SERVICE_TIME_OUT]: BUSY,
  [GATEWAY_CODES.SERVICE_INVOKE_ERROR]: BUSY,
  [GATEWAY_CODES.SIGN_ERROR]: TRY_LATER,
  [GATEWAY_CODES.API_NOT_FOUND]: TRY_LATER,
  [GATEWAY_CODES.API_NON_AUTHORIZED]: TRY_LATER,
  [GATEWAY_CODES.API_INVALID_REQUEST]: CHECK_DETAILS,
  [WORKFLOW_CODES.NODE_NOT_WAITING]: 'This step has already moved on. We are loading the next one.',
  [WORKFLOW_CODES.EXECUTION_NOT_FOUND]:
    'We could not find your verification. Please start a new one.',
  [WORKFLOW_CODES.OTP_LOCKED]: LOCKED,
  // The gateway's "not yet" for a send: the flow waits it out and sends by itself.
  [WORKFLOW_CODES.OTP_COOLDOWN]: 'We will send your code in a moment.',
  [WORKFLOW_CODES.REQUIRED_DOCUMENTS_MISSING]: DOCUMENTS,
};

/** A refused input, by the last part of the field's path. */
const BY_FIELD: Readonly<Record<string, string>> = {
  name: 'Please enter your full name.',
  dateOfBirth: 'Please enter your date of birth.',
  nationality: 'Please choose your nationality.',
  countryOfResidence: 'Please choose the country you live in.',
  sex: 'Please choose an option for sex, or leave it blank.',
  address: 'Please check your home address.',
  code: 'Please enter the six-digit code we sent you.',
  identity: 'Please check the email address or mobile number.',
  region: 'Please choose the country that issued your document.',
  documentType: 'Please choose the type of your document.',
  frontImage: 'Please add a photo of the front of your document.',
  formData: 'Please check the form and try again.',
};

const fieldMessage = (field: string | undefined): string | undefined =>
  field ? BY_FIELD[field.slice(field.lastIndexOf('.') + 1)] : undefined;

/**
 * A plain sentence a page can show a customer as it is, for an error the flow reports
 * (`view.error`, an outcome's error, any `FlowError`): no event names, field paths or codes. The error's
 * own `message` is for logs. Unknown codes get a generic sentence, by whether trying
 * again may help.
 */
export function customerMessageOf(error: CustomerMessageSource): string {
  if (error.code === 'VALIDATION_ERROR') {
    // A garbled answer from the server is ours to fix; a refused input is the customer's.
    return error.retryable ? GARBLED : (fieldMessage(error.field) ?? CHECK_DETAILS);
  }
  const known = BY_CODE[error.code] ?? BY_API_CODE[error.apiCode ?? 0];
  if (known) return known;
  return error.retryable ? GARBLED : GENERIC;
}
