import { gpuUsageText } from '@/lib/gpu-usage';
import type { Metadata } from 'next';
import Link from 'next/link';
import { ApiErrorNotice } from '@/components/ApiErrorNotice';
import { DateTime } from '@/components/DateTime';
import { ago, isStale } from '@/lib/agent-health';
import type { AgentsQuery } from '@/lib/generated/graphql';
import { tryGql } from '@/lib/graphql';

export const metadata: Metadata = { title: 'Agents' };

const AGENTS_QUERY = /* GraphQL */ `
  query Agents {
    agents {
      id
      host
      pool
      slots
      version
      runningTrialIds
      startedAt
      lastHeartbeatAt
      gpus {
        index
        name
        memoryMiB
        utilization
        memoryUsedMiB
      }
    }
  }
`;

/** Every agent of your organizations: its box, pool, GPUs, what it runs now and when it was last heard from. */
export default async function AgentsPage() {
  const result = await tryGql<AgentsQuery>(AGENTS_QUERY);
  // eslint-disable-next-line react-hooks/purity -- a server component renders once per request; ages count until now
  const now = Date.now();
  return (
    <>
      <div className="page-header">
        <h1>Agents</h1>
        <p className="muted">Agents report every few seconds; one not heard from for 30 s is flagged stale.</p>
      </div>
      {!result.ok ? (
        <ApiErrorNotice error={result.error} retryHref="/agents" />
      ) : result.data.agents.length === 0 ? (
        <div className="empty">
          No agent is connected. Start one with <code>anneal agent --token-file FILE</code> (an agent token from Settings).
        </div>
      ) : (
        <div className="table-wrap">
          <table className="data agents">
            <thead>
              <tr>
                <th>Agent</th>
                <th>Pool</th>
                <th className="num">Running</th>
                <th>GPUs</th>
                <th>Trials now</th>
                <th>Last heard</th>
                <th>Started</th>
              </tr>
            </thead>
            <tbody>
              {result.data.agents.map((a) => {
                const stale = isStale(a.lastHeartbeatAt, now);
                return (
                  <tr key={a.id} className={stale ? 'stale' : undefined}>
                    <td>
                      <span className="mono">{a.id}</span>
                      <span className="sub">
                        {a.host} · v{a.version}
                      </span>
                    </td>
                    <td>{a.pool}</td>
                    <td className="num">
                      {a.runningTrialIds.length} / {a.slots}
                    </td>
                    <td>
                      {a.gpus.length === 0
                        ? 'CPU only'
                        : a.gpus.map((g) => (
                          <span key={g.index} className="sub">
                            {gpuUsageText(g)}
                          </span>
                        ))}
                    </td>
                    <td>
                      {a.runningTrialIds.map((id) => (
                        <Link key={id} href={`/trials/${encodeURIComponent(id)}`} className="sub mono">
                          {id.slice(0, 8)}
                        </Link>
                      ))}
                    </td>
                    <td>
                      {stale ? <strong className="stale-flag">stale · </strong> : null}
                      <span title={a.lastHeartbeatAt}>{ago(a.lastHeartbeatAt, now)}</span>
                    </td>
                    <td>
                      <DateTime iso={a.startedAt} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
