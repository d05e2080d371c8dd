'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useState, useTransition } from 'react';

/**
 * Re-renders the page's server components when the API says its data changed (server-sent
 * events from /live, which follows the GraphQL subscriptions), so new points and statuses show
 * within moments and nothing polls. While the stream is down (EventSource keeps reconnecting),
 * it polls every `fallbackMs` instead.
 */
export function LiveUpdates({ sweepId, trialId, fallbackMs = 5000 }: { sweepId: string; trialId?: string; fallbackMs?: number }) {
  const router = useRouter();
  const [, startTransition] = useTransition();
  const [connected, setConnected] = useState(false);

  useEffect(() => {
    const query = new URLSearchParams({ sweep: sweepId, ...(trialId ? { trial: trialId } : {}) });
    const source = new EventSource(`/live?${query}`);
    let debounce: number | undefined;
    let poll: number | undefined;
    const refresh = () => startTransition(() => router.refresh());
    // Bursts of points arrive together; one re-render per burst is enough.
    source.addEventListener('change', () => {
      window.clearTimeout(debounce);
      debounce = window.setTimeout(refresh, 250);
    });
    source.onopen = () => {
      setConnected(true);
      window.clearInterval(poll);
      poll = undefined;
    };
    source.onerror = () => {
      setConnected(false);
      poll ??= window.setInterval(refresh, fallbackMs);
    };
    return () => {
      source.close();
      window.clearTimeout(debounce);
      window.clearInterval(poll);
    };
  }, [router, sweepId, trialId, fallbackMs]);

  return (
    <span className="live" title={connected ? 'Updates as they happen' : `Reconnecting; refreshing every ${Math.round(fallbackMs / 1000)} s meanwhile`} data-connected={connected}>
      live
    </span>
  );
}
