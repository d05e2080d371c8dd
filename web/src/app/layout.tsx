import type { Metadata } from 'next';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { signOut } from './actions';
import { WhoAmI } from '@/components/WhoAmI';
import { isSignedIn } from '@/lib/session';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Anneal', template: '%s · Anneal' },
  description: 'Hyperparameter optimization sweeps',
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const signedIn = await isSignedIn();
  return (
    <html lang="en">
      <body>
        <header className="topbar">
          <Link href="/" className="brand">
            <span>◆</span> Anneal
          </Link>
          {signedIn ? (
            <div className="topbar-right">
              <WhoAmI />
              <Link href="/agents" className="topbar-link">
                Agents
              </Link>
              <Link href="/settings" className="topbar-link">
                Settings
              </Link>
              <form action={signOut}>
                <button type="submit" className="button ghost">
                  Sign out
                </button>
              </form>
            </div>
          ) : null}
        </header>
        <main className="main">{children}</main>
      </body>
    </html>
  );
}
