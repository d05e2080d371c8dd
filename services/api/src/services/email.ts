import { z } from 'zod';

/**
 * Emails identify people, so they are compared lower-cased. The HTML5 pattern (what browsers
 * accept in an email field) also allows a host without a dot, such as the bootstrap
 * admin@localhost.
 */
export const emailSchema = z.string().trim().toLowerCase().max(254, 'must be at most 254 characters')
  .regex(z.regexes.html5Email, 'must be an email address like ada@example.com');
