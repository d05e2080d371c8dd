import { statusClass } from '@/lib/format';

/**
 * A sweep's or a trial's status; `reason` (why a sweep ended FAILED or STOPPED) is shown beside
 * it, so a failed sweep says why without a click.
 */
export function StatusBadge({ status, reason }: { status: string; reason?: string | null | undefined }) {
  const badge = <span className={`badge ${statusClass(status)}`}>{status.toLowerCase()}</span>;
  if (!reason) return badge;
  return (
    <>
      {badge} <span className="status-reason">{reason}</span>
    </>
  );
}
