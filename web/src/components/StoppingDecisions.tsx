import Link from 'next/link';
import { DateTime } from '@/components/DateTime';
import { describeStop } from '@/lib/decisions';
import type { Decision } from '@/lib/sweep-charts';

/** The searcher's early-stopping decisions, newest first, each in words from its evidence (raw data for an unknown one). */
export function StoppingDecisions({ decisions }: { decisions: readonly Decision[] }) {
  if (decisions.length === 0) return null;
  return (
    <section className="section">
      <h2>
        Early-stopping decisions<small>newest first, with the evidence each was taken on</small>
      </h2>
      <table className="data events decisions">
        <tbody>
          {decisions.map((d) => (
            <tr key={d.id}>
              <td>
                <DateTime iso={d.createdAt} />
              </td>
              <td className="num">
                <Link href={`/trials/${encodeURIComponent(d.trialId)}`}>#{d.trialNumber}</Link>
              </td>
              <td className="mono">{d.decision ?? 'decision'}</td>
              <td className="event-data">{d.evidence ? describeStop(d.evidence) : JSON.stringify(d.data)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
