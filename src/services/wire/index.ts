export * from './json-string.js';
export * from './methods.js';
export * from './records.js';
export * from './vocabulary.js';
