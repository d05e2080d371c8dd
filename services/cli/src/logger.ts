import { pino, type Logger } from 'pino';

/** Human-readable lines on a terminal would need pino-pretty; JSON lines to stderr suit both. */
export function createLogger(level: string): Logger {
  return pino({ level, base: undefined, timestamp: pino.stdTimeFunctions.isoTime }, pino.destination(2));
}
