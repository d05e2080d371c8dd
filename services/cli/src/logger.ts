import { LOG_REDACT_PATHS } from '@anneal/agent';
import { pino, type Logger } from 'pino';

/**
 * Human-readable lines on a terminal would need pino-pretty; JSON lines to stderr suit both.
 * Token-bearing fields are censored, whoever logs an object that carries one.
 */
export function createLogger(level: string): Logger {
  return pino({ level, base: undefined, timestamp: pino.stdTimeFunctions.isoTime, redact: { paths: LOG_REDACT_PATHS, censor: '[redacted]' } }, pino.destination(2));
}
