import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { createApiKey, listApiKeys, revokeApiKey } from '../services/api-keys.js';
import { addMember, listMembers, removeMember, setMemberRole } from '../services/members.js';
import { createOrganization, listOrganizations } from '../services/organizations.js';
import type { ApiContext } from './context.js';
import {
  AddMemberInput, ApiKey, CreateApiKeyInput, CreatedApiKey, Member, Organization, RemoveMemberInput, SetMemberRoleInput,
} from './team-types.js';

@Resolver()
export class OrganizationResolver {
  @Query(() => [Organization], { description: 'Your organizations, with your role in each' })
  async organizations(@Ctx() ctx: ApiContext): Promise<Organization[]> {
    return listOrganizations(ctx.deps, ctx.viewer);
  }

  @Mutation(() => Organization, { description: 'Starts an organization with you as its owner; names are unique' })
  async createOrganization(@Arg('name') name: string, @Ctx() ctx: ApiContext): Promise<Organization> {
    return createOrganization(ctx.deps, ctx.viewer, { name });
  }
}

@Resolver()
export class MemberResolver {
  @Query(() => [Member])
  async members(@Arg('organizationId', () => ID, { nullable: true }) organizationId: string | null, @Ctx() ctx: ApiContext): Promise<Member[]> {
    return listMembers(ctx.deps, ctx.viewer, organizationId);
  }

  @Mutation(() => Member, { description: 'Admins add admins, members and viewers; owners also owners' })
  async addMember(@Arg('input', () => AddMemberInput) input: AddMemberInput, @Ctx() ctx: ApiContext): Promise<Member> {
    return addMember(ctx.deps, ctx.viewer, { ...input });
  }

  @Mutation(() => Boolean, { description: 'The last owner cannot be removed' })
  async removeMember(@Arg('input', () => RemoveMemberInput) input: RemoveMemberInput, @Ctx() ctx: ApiContext): Promise<boolean> {
    return removeMember(ctx.deps, ctx.viewer, { ...input });
  }

  @Mutation(() => Member, { description: 'Only owners change owners; the last owner cannot be demoted' })
  async setMemberRole(@Arg('input', () => SetMemberRoleInput) input: SetMemberRoleInput, @Ctx() ctx: ApiContext): Promise<Member> {
    return setMemberRole(ctx.deps, ctx.viewer, { ...input });
  }
}

@Resolver()
export class ApiKeyResolver {
  @Query(() => [ApiKey], { description: 'Admins and owners see all keys of the organization; others their own' })
  async apiKeys(@Arg('organizationId', () => ID, { nullable: true }) organizationId: string | null, @Ctx() ctx: ApiContext): Promise<ApiKey[]> {
    return listApiKeys(ctx.deps, ctx.viewer, organizationId);
  }

  @Mutation(() => CreatedApiKey, { description: "A key with at most your role (agent tokens: admins and owners); the key is returned once" })
  async createApiKey(@Arg('input', () => CreateApiKeyInput) input: CreateApiKeyInput, @Ctx() ctx: ApiContext): Promise<CreatedApiKey> {
    return createApiKey(ctx.deps, ctx.viewer, { ...input });
  }

  @Mutation(() => ApiKey, { description: 'By id or by the whole key; your own keys always, any key of an organization you administer' })
  async revokeApiKey(@Arg('idOrKey') idOrKey: string, @Ctx() ctx: ApiContext): Promise<ApiKey> {
    return revokeApiKey(ctx.deps, ctx.viewer, idOrKey);
  }
}
