import { formatDateTime } from '@/lib/format';

export function DateTime({ iso }: { iso: string | null | undefined }) {
  if (!iso) return <span className="muted">{formatDateTime(iso)}</span>;
  return (
    <time dateTime={iso} title={iso}>
      {formatDateTime(iso)}
    </time>
  );
}
