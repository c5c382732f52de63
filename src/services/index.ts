export * from './errors/index.js';
export type * from './types.js';
export * from './wire/index.js';
