export * from './agent-permissions.js';
export * from './assignment-signature.js';
export * from './nats-authority.js';
export * from './server-auth.js';
