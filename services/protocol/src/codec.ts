import type { z } from 'zod';
import { MAX_MESSAGE_BYTES } from './messages.js';
import { ProtocolError } from './names.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function encodeMessage<T>(schema: z.ZodType<T>, value: T): Uint8Array {
  // Validating on the way out catches our own bugs at the sender, where the stack trace helps.
  const checked = schema.parse(value);
  const bytes = encoder.encode(JSON.stringify(checked));
  if (bytes.byteLength > MAX_MESSAGE_BYTES) {
    throw new ProtocolError('PAYLOAD_TOO_LARGE', `message of ${bytes.byteLength} bytes exceeds ${MAX_MESSAGE_BYTES}`);
  }
  return bytes;
}

/**
 * For hot paths whose values our own code built to the schema (agent telemetry): the receiver
 * validates at the boundary, so validating here too would pay for every point twice.
 */
export function encodeUnchecked(value: unknown): Uint8Array {
  const bytes = encoder.encode(JSON.stringify(value));
  if (bytes.byteLength > MAX_MESSAGE_BYTES) {
    throw new ProtocolError('PAYLOAD_TOO_LARGE', `message of ${bytes.byteLength} bytes exceeds ${MAX_MESSAGE_BYTES}`);
  }
  return bytes;
}

export type Decoded<T> = { ok: true; value: T } | { ok: false; error: string };

/** Never throws: a malformed message from the network is data to report, not a crash. */
export function decodeMessage<T>(schema: z.ZodType<T>, data: Uint8Array): Decoded<T> {
  if (data.byteLength > MAX_MESSAGE_BYTES) {
    return { ok: false, error: `message of ${data.byteLength} bytes exceeds ${MAX_MESSAGE_BYTES}` };
  }
  let json: unknown;
  try {
    json = JSON.parse(decoder.decode(data));
  } catch (e) {
    return { ok: false, error: `not JSON: ${(e as Error).message}` };
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    return { ok: false, error: issues.slice(0, 5).join('; ') };
  }
  return { ok: true, value: parsed.data };
}
