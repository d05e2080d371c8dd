import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { apiEndpoint } from '@/lib/graphql';
import { readApiKey } from '@/lib/session';

// One stream per open page; never cached or prerendered.
export const dynamic = 'force-dynamic';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HEARTBEAT_MS = 15_000;

/**
 * Server-sent events telling a page that what it shows changed. The browser cannot hold the
 * credential (it is in an httpOnly cookie), so this handler subscribes to the API's GraphQL
 * subscriptions on its behalf, with the signed-in person's credential, and forwards a bare
 * "change"; the page then re-renders its server components. `?sweep=ID` follows a sweep (its
 * status and every trial), `?trial=ID&sweep=ID` one trial's points and status.
 */
export async function GET(request: Request): Promise<Response> {
  const params = new URL(request.url).searchParams;
  const sweep = params.get('sweep');
  const trial = params.get('trial');
  if (!sweep || !UUID.test(sweep) || (trial !== null && !UUID.test(trial))) return new Response('give ?sweep=ID (and &trial=ID)', { status: 400 });
  const credential = await readApiKey();
  if (!credential) return new Response('sign in first', { status: 401 });

  const encoder = new TextEncoder();
  let client: Client | undefined;
  let heartbeat: ReturnType<typeof setInterval> | undefined;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      let open = true;
      const send = (text: string) => {
        if (!open) return;
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          open = false;
        }
      };
      const close = () => {
        if (!open) return;
        open = false;
        clearInterval(heartbeat);
        void client?.dispose();
        try {
          controller.close();
        } catch {
          // Already closed by the client going away.
        }
      };
      client = createClient({
        url: apiEndpoint().replace(/^http/, 'ws'),
        webSocketImpl: WebSocket,
        connectionParams: { authorization: `Bearer ${credential}` },
        retryAttempts: 3,
      });
      const follow = (query: string, relevant: (data: Record<string, unknown> | null | undefined) => boolean = () => true) =>
        client!.subscribe<Record<string, unknown>>({ query }, {
          next: (m) => {
            if (m.errors?.length) {
              send(`event: refused\ndata: ${JSON.stringify(m.errors[0]!.message)}\n\n`);
              close();
            } else if (relevant(m.data)) {
              send(`event: change\ndata: {}\n\n`);
            }
          },
          error: () => close(),
          complete: () => undefined,
        });
      if (trial) {
        follow(`subscription { metricPoints(trialId: "${trial}") { trialId } }`);
        follow(`subscription { trialUpdated(sweepId: "${sweep}") { id } }`, (d) => (d?.trialUpdated as { id?: string } | undefined)?.id === trial);
      } else {
        follow(`subscription { sweepUpdated(sweepId: "${sweep}") { id } }`);
      }
      send(': connected\n\n');
      // Proxies drop idle streams; a comment line every 15 s keeps this one open.
      heartbeat = setInterval(() => send(': ping\n\n'), HEARTBEAT_MS);
      request.signal.addEventListener('abort', close);
    },
    cancel() {
      clearInterval(heartbeat);
      void client?.dispose();
    },
  });
  return new Response(stream, { headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' } });
}
