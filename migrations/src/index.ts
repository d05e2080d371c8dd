import { InitialSchema1764000000000 } from './1764000000000-InitialSchema.js';

/** In order of application; TypeORM records each by name in its migrations table. */
export const migrations = [InitialSchema1764000000000];
