import type { ProtocolNames } from '@anneal/protocol';
import { headers, type JsMsg, type NatsConnection } from 'nats';

/** A telemetry message ingest could not attribute to a trial, and why. */
export interface DeadLetter { msg: JsMsg; reason: string }

/** Header values are one line; reasons quote what the sender wrote. */
const oneLine = (s: string): string => s.replace(/[\r\n]+/g, ' ').slice(0, 1000);

/**
 * Copies each letter, as received, to the service-only dead-letter stream with its subject and
 * the reason in headers. The id is the telemetry stream's sequence, so a batch that comes back
 * after a crash does not file the same letter twice. Returns how many could not be filed.
 */
export async function fileDeadLetters(nc: NatsConnection, names: ProtocolNames, letters: readonly DeadLetter[]): Promise<Array<{ letter: DeadLetter; error: unknown }>> {
  const js = nc.jetstream();
  const failed: Array<{ letter: DeadLetter; error: unknown }> = [];
  await Promise.all(letters.map(async (letter) => {
    const h = headers();
    h.set('Anneal-Subject', letter.msg.subject);
    h.set('Anneal-Reason', oneLine(letter.reason));
    try {
      await js.publish(names.deadLetterSubject, letter.msg.data, { headers: h, msgID: `${names.telemetryStream}:${letter.msg.seq}` });
    } catch (error) {
      failed.push({ letter, error });
    }
  }));
  return failed;
}
