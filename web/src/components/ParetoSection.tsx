import { ParetoFront, type FrontTrial } from '@/components/ParetoFront';
import type { ObjectiveSpec, ObjectiveTrial } from '@/lib/pareto';

/** A multi-objective sweep's Pareto front, with a heading that says how the leaderboard is ordered. */
export function ParetoSection({ objectives, front, trials }: { objectives: readonly ObjectiveSpec[]; front: readonly FrontTrial[]; trials: readonly ObjectiveTrial[] }) {
  return (
    <section className="section" aria-labelledby="pareto-heading">
      <h2 id="pareto-heading">
        Pareto front<small>completed trials no other beats on every objective ({objectives.map((o) => `${o.goal} ${o.name}`).join(', ')}); the leaderboard below is ordered by Pareto rank, then crowding</small>
      </h2>
      <ParetoFront objectives={objectives} front={front} trials={trials} />
    </section>
  );
}
