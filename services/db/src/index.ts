export * from './model.js';
export * from './stores/index.js';
export * from './data-source.js';
export * from './retrying-transaction.js';
