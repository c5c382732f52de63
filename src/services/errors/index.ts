export { GatewayError } from './gateway-error.js';
export { KycFlowError } from './kyc-flow-error.js';
export { TransportError, type TransportFailure } from './transport-error.js';
export { ValidationError, type ValidationIssue } from './validation-error.js';
