export * from './fallbacks.js';
export * from './json-string.js';
export * from './json-string-fields.js';
export * from './methods.js';
export * from './read-answer.js';
export * from './records.js';
export * from './vocabulary.js';
