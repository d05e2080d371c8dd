export * from './scheduler.js';
export * from './sweep-tick.js';
export * from './sweep-config.js';
export * from './outbox-publisher.js';
export * from './housekeeping.js';
export * from './sweep-outcome.js';
