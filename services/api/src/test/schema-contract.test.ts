import { lexicographicSortSchema, printSchema } from 'graphql';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { buildApiSchema } from '../schema/build.js';

const committed = fileURLToPath(new URL('../../schema.graphql', import.meta.url));

/** Scripts depend on these names; a change must be deliberate (ANNEAL_UPDATE_SCHEMA=1 rewrites it). */
test('the committed schema.graphql matches the schema the code builds', async () => {
  const printed = `${printSchema(lexicographicSortSchema(await buildApiSchema()))}\n`;
  if (process.env.ANNEAL_UPDATE_SCHEMA === '1') writeFileSync(committed, printed);
  assert.equal(printed, readFileSync(committed, 'utf8'), 'schema drifted: run `ANNEAL_UPDATE_SCHEMA=1 npm test -w @anneal/api` and commit schema.graphql');
});

test('the contract names scripts rely on are present', async () => {
  const sdl = readFileSync(committed, 'utf8');
  for (const needle of [
    'createProject(input: CreateProjectInput!): Project!', 'createSweep(input: CreateSweepInput!): Sweep!',
    'stopSweep(id: ID!): Sweep!', 'pauseSweep(id: ID!): Sweep!', 'resumeSweep(id: ID!): Sweep!',
    'bestTrial: Trial', 'objective: Float', 'enum SweepStatus', 'enum TrialStatus', 'metrics(keys: [String!]): [MetricSeries!]!',
    'createOrganization(name: String!): Organization!', 'organizations: [Organization!]!', 'members(organizationId: ID): [Member!]!',
    'addMember(input: AddMemberInput!): Member!', 'removeMember(input: RemoveMemberInput!): Boolean!', 'setMemberRole(input: SetMemberRoleInput!): Member!',
    'createApiKey(input: CreateApiKeyInput!): CreatedApiKey!', 'apiKeys(organizationId: ID): [ApiKey!]!', 'revokeApiKey(idOrKey: String!): ApiKey!',
  ]) assert.ok(sdl.includes(needle), `missing: ${needle}`);
  assert.match(sdl, /trials\(after: String, first: Int! = 50, orderBy: TrialOrder! = NUMBER\): TrialConnection!/);
});
