import { InitialSchema1764000000000 } from './1764000000000-InitialSchema.js';
import { TeamsAndKeys1765000000000 } from './1765000000000-TeamsAndKeys.js';
import { SweepWarmStart1766000000000 } from './1766000000000-SweepWarmStart.js';
import { TelemetryUsage1767000000000 } from './1767000000000-TelemetryUsage.js';
import { SweepAndTrialOutcomes1767100000000 } from './1767100000000-SweepAndTrialOutcomes.js';
import { PeopleSignIn1767300000000 } from './1767300000000-PeopleSignIn.js';
import { TrialStopRequest1767400000000 } from './1767400000000-TrialStopRequest.js';
import { SweepRunCap1767500000000 } from './1767500000000-SweepRunCap.js';
import { NotesAndTags1767600000000 } from './1767600000000-NotesAndTags.js';
import { TrialGpuShare1767700000000 } from './1767700000000-TrialGpuShare.js';
import { TrialInfeasible1767810000000 } from './1767810000000-TrialInfeasible.js';

/** In order of application; TypeORM records each by name in its migrations table. */
export const migrations = [InitialSchema1764000000000, TeamsAndKeys1765000000000, SweepWarmStart1766000000000, TelemetryUsage1767000000000, SweepAndTrialOutcomes1767100000000, PeopleSignIn1767300000000, TrialStopRequest1767400000000, SweepRunCap1767500000000, NotesAndTags1767600000000, TrialGpuShare1767700000000, TrialInfeasible1767810000000];
