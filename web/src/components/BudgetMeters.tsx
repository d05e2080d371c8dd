import type { BudgetMeter } from '@/lib/budget';

/** The sweep's spend against each limit of its budget; the scheduler starts no trial past one. */
export function BudgetMeters({ meters }: { meters: BudgetMeter[] }) {
  if (meters.length === 0) return null;
  return (
    <div className="budget" aria-label="Budget">
      {meters.map((m) => (
        <div key={m.label} className="budget-row">
          <span className="budget-label" id={`budget-${m.label}`}>{m.label}</span>
          <meter aria-labelledby={`budget-${m.label}`} min={0} max={m.limit} low={m.limit * 0.75} high={m.limit * 0.95} optimum={0} value={Math.min(m.used, m.limit)} />
          <span className="budget-text">{m.text}</span>
        </div>
      ))}
    </div>
  );
}
