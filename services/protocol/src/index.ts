export * from './names.js';
export * from './messages.js';
export * from './trainers/index.js';
export * from './codec.js';
export * from './telemetry-decode.js';
export * from './topology.js';
export * from './auth/index.js';
export * from './presence.js';
