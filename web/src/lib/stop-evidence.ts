// The evidence the optimization core records with an early-stopping (or PBT exploit) decision,
// one shape per rule, discriminated by `rule`: the core's own type, so the UI's wording breaks at
// compile time when a rule's evidence changes.
import type { StopEvidence } from '@anneal/core';

export type { StopEvidence };
export type StopRule = StopEvidence['rule'];
