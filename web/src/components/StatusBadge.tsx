import { statusClass } from '@/lib/format';

export function StatusBadge({ status }: { status: string }) {
  return <span className={`badge ${statusClass(status)}`}>{status.toLowerCase()}</span>;
}
