/**
 * Credentials a trainer might print — by accident (a dumped environment or config, a stack trace
 * with a URL) or on purpose — masked before its output becomes a trial log that every viewer of
 * the sweep reads. Shapes, not values: the agent does not know every key the trainer could find.
 */
const SHAPES = [
  // Anneal API keys, as services/api/src/auth/api-keys.ts makes them: ank_<prefix>_<secret>.
  /ank_[A-Za-z0-9]{12}_[A-Za-z0-9_-]{43}/,
  // JWTs, NATS user credentials among them: base64url of `{"` (eyJ), then payload and signature.
  /eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/,
  // NATS nkey seeds: S, the key's role (User, Account, Operator; also server, cluster, curve), 56 base32 digits.
  /(?<![A-Z2-7])S[UAONCX][A-Z2-7]{56}(?![A-Z2-7])/,
];
const ANY_SECRET = new RegExp(SHAPES.map((s) => s.source).join('|'), 'g');

export const REDACTED = '[redacted]';

export function redactSecrets(line: string): string {
  return line.replace(ANY_SECRET, REDACTED);
}

/**
 * Fields the agent's and the CLI's pino loggers never write out, should a token travel in a
 * logged object (an options object, an error with request headers).
 */
export const LOG_REDACT_PATHS = [
  'token', 'natsToken', 'apiKey', 'adminKey', 'authorization', 'password', 'jwt', 'seed',
  '*.token', '*.natsToken', '*.apiKey', '*.adminKey', '*.authorization', '*.password', '*.jwt', '*.seed',
  'headers.authorization', '*.headers.authorization', 'headers.cookie', '*.headers.cookie',
];
