export * from './stack.js';
export * from './errors.js';
export * from './env.js';
export { main } from './main.js';
export { startWeb } from './web.js';
