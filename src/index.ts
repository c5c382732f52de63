export * from './machine/index.js';
export * from './services/index.js';
