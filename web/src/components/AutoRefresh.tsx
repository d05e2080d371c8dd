'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useRef, useTransition } from 'react';

/**
 * Re-renders the current route's server components every `intervalMs` while the
 * tab is visible. Render it only while the data can change (e.g. a RUNNING sweep);
 * unmounting stops the timer.
 */
export function AutoRefresh({ intervalMs = 5000 }: { intervalMs?: number }) {
  const router = useRouter();
  const [isPending, startTransition] = useTransition();
  const pendingRef = useRef(false);

  useEffect(() => {
    pendingRef.current = isPending;
  }, [isPending]);

  useEffect(() => {
    const refresh = () => {
      if (document.visibilityState !== 'visible' || pendingRef.current) return;
      startTransition(() => router.refresh());
    };
    const timer = window.setInterval(refresh, intervalMs);
    document.addEventListener('visibilitychange', refresh);
    return () => {
      window.clearInterval(timer);
      document.removeEventListener('visibilitychange', refresh);
    };
  }, [router, intervalMs]);

  return (
    <span className="live" title={`Refreshing every ${Math.round(intervalMs / 1000)} s`}>
      live
    </span>
  );
}
