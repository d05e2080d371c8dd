import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { acceptInvite, changePassword, createInvite, me, signIn, signOut } from '../services/sessions.js';
import type { ApiContext } from './context.js';
import { AcceptInviteInput, ChangePasswordInput, CreateInviteInput, Invite, Me, Session, SignInInput } from './session-types.js';

@Resolver()
export class SessionResolver {
  @Query(() => Me)
  async me(@Ctx() ctx: ApiContext): Promise<Me> {
    return me(ctx.deps, ctx.viewer);
  }

  @Mutation(() => Session, { description: 'Email and password for a session token (two weeks); wrong ones read the same whoever asks' })
  async signIn(@Arg('input', () => SignInInput) input: SignInInput, @Ctx() ctx: ApiContext): Promise<Session> {
    return signIn(ctx.deps, { ...input });
  }

  @Mutation(() => Boolean, { description: 'Ends the session this request came with; false for an API key' })
  async signOut(@Ctx() ctx: ApiContext): Promise<boolean> {
    return signOut(ctx.deps, ctx.viewer);
  }

  @Mutation(() => Invite, { description: 'Admins: a one-time link for a member to set their password' })
  async createInvite(@Arg('input', () => CreateInviteInput) input: CreateInviteInput, @Ctx() ctx: ApiContext): Promise<Invite> {
    return createInvite(ctx.deps, ctx.viewer, { ...input });
  }

  @Mutation(() => Session, { description: 'Sets the invited member\'s password and signs them in; each link works once' })
  async acceptInvite(@Arg('input', () => AcceptInviteInput) input: AcceptInviteInput, @Ctx() ctx: ApiContext): Promise<Session> {
    return acceptInvite(ctx.deps, { ...input });
  }

  @Mutation(() => Boolean, { description: 'Your own password; your other sessions end' })
  async changePassword(@Arg('input', () => ChangePasswordInput) input: ChangePasswordInput, @Ctx() ctx: ApiContext): Promise<boolean> {
    return changePassword(ctx.deps, ctx.viewer, { ...input });
  }
}
