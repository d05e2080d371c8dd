'use client';

import { useSyncExternalStore } from 'react';
import type { ThemeName } from '@/lib/chart-theme';

const QUERY = '(prefers-color-scheme: dark)';

function subscribe(onChange: () => void): () => void {
  const media = window.matchMedia(QUERY);
  media.addEventListener('change', onChange);
  return () => media.removeEventListener('change', onChange);
}

/** The page's colour scheme (it follows the system setting), so charts can switch themes with it. */
export function useColorScheme(): ThemeName {
  return useSyncExternalStore(
    subscribe,
    () => (window.matchMedia(QUERY).matches ? 'dark' : 'light'),
    () => 'light',
  );
}
