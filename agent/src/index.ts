export { startAgent, type AgentHandle } from './agent.js';
export type { AgentOptions } from './options.js';
export { fetchAgentBootstrap } from './bootstrap.js';
export { AgentError, type AgentErrorCode } from './errors.js';
export { parseGpuSpec, type GpuDevice, type GpuSpec } from './gpus.js';
export { trainerArgv } from './command.js';
export { ReportParser, REPORT_PREFIX, type ParsedLine } from './reports.js';
export type { AgentBootstrap } from '@anneal/protocol';
