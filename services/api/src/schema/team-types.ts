import { ROLES, type ApiKeyKind, type Role } from '@anneal/db';
import { Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';

// GraphQL names are upper case like the other enums; the values behind them are the database's,
// so service rows pass through as they are (fields below are typed with the database's strings).
export enum RoleEnum { OWNER = 'owner', ADMIN = 'admin', MEMBER = 'member', VIEWER = 'viewer' }
export enum ApiKeyRoleEnum { OWNER = 'owner', ADMIN = 'admin', MEMBER = 'member', VIEWER = 'viewer', AGENT = 'agent' }
export enum ApiKeyKindEnum { USER = 'user', AGENT = 'agent' }
registerEnumType(RoleEnum, { name: 'Role', description: 'viewer: reads; member: + projects and sweeps; admin: + members and keys (not owners); owner: everything' });
registerEnumType(ApiKeyRoleEnum, { name: 'ApiKeyRole', description: 'A user key with that role, or AGENT: an agent token for some pools' });
registerEnumType(ApiKeyKindEnum, { name: 'ApiKeyKind' });

if (ROLES.length !== Object.keys(RoleEnum).length || !ROLES.every((r) => Object.values<string>(RoleEnum).includes(r))) {
  throw new Error('the GraphQL Role enum is out of sync with @anneal/db');
}

@ObjectType({ description: 'An organization you belong to' })
export class Organization {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field(() => RoleEnum, { description: 'Your role in it (through the key you used)' }) role!: Role;
  @Field() createdAt!: Date;
}

@ObjectType()
export class Member {
  @Field() email!: string;
  @Field() name!: string;
  @Field(() => RoleEnum) role!: Role;
  @Field() joinedAt!: Date;
}

@ObjectType()
export class ApiKey {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field(() => ApiKeyKindEnum) kind!: ApiKeyKind;
  @Field(() => RoleEnum, { nullable: true, description: "A scoped user key's ceiling; null for personal keys (their user's roles) and agent tokens" })
  role!: Role | null;
  @Field(() => [String], { description: 'Pools an agent token serves; empty for user keys' }) pools!: string[];
  @Field({ description: 'The public part of the key (ank_<prefix>_…)' }) prefix!: string;
  @Field(() => ID, { nullable: true, description: 'The organization it is limited to; null for a personal key' }) organizationId!: string | null;
  @Field({ description: 'Whom the key acts as (for an agent token: who created it)' }) userEmail!: string;
  @Field(() => String, { nullable: true, description: "Creator's email" }) createdBy!: string | null;
  @Field() createdAt!: Date;
  @Field(() => Date, { nullable: true }) lastUsedAt!: Date | null;
  @Field(() => Date, { nullable: true }) revokedAt!: Date | null;
}

@ObjectType()
export class CreatedApiKey {
  @Field({ description: 'The whole key; shown this once, only its hash is stored' }) key!: string;
  @Field(() => ApiKey) apiKey!: ApiKey;
}

const ORG_DESCRIPTION = 'Needed only when you belong to several organizations';

@InputType({ description: 'Adds a person by email (their user is created on first sight)' })
export class AddMemberInput {
  @Field(() => ID, { nullable: true, description: ORG_DESCRIPTION }) organizationId?: string;
  @Field() email!: string;
  @Field(() => RoleEnum) role!: RoleEnum;
}

@InputType()
export class SetMemberRoleInput {
  @Field(() => ID, { nullable: true, description: ORG_DESCRIPTION }) organizationId?: string;
  @Field() email!: string;
  @Field(() => RoleEnum) role!: RoleEnum;
}

@InputType()
export class RemoveMemberInput {
  @Field(() => ID, { nullable: true, description: ORG_DESCRIPTION }) organizationId?: string;
  @Field() email!: string;
}

@InputType()
export class CreateApiKeyInput {
  @Field() name!: string;
  @Field(() => ApiKeyRoleEnum) role!: ApiKeyRoleEnum;
  @Field(() => [String], { nullable: true, description: 'Agent tokens only: the pools their agents serve (at least one)' }) pools?: string[];
  @Field(() => ID, { nullable: true, description: ORG_DESCRIPTION }) organizationId?: string;
  @Field({ nullable: true, description: "Admins and owners: make the key for this member (e.g. their first key); by default it is yours" }) email?: string;
}
