export * from './services/index.js';
export * from './machine/index.js';
