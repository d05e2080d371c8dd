import { Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';

export enum SignedInWithEnum { KEY = 'key', SESSION = 'session' }
registerEnumType(SignedInWithEnum, { name: 'SignedInWith', description: 'KEY: an API key; SESSION: email and password' });

@ObjectType({ description: 'A session opened with email and password: send the token as `Authorization: Bearer <token>`' })
export class Session {
  @Field({ description: 'Shown this once; only its hash is stored' }) token!: string;
  @Field() expiresAt!: Date;
  @Field() email!: string;
}

@ObjectType({ description: 'Who is asking' })
export class Me {
  @Field() email!: string;
  @Field() name!: string;
  @Field(() => SignedInWithEnum) signedInWith!: 'key' | 'session';
  @Field({ description: 'Whether they can sign in with a password' }) hasPassword!: boolean;
}

@ObjectType({ description: 'A one-time link for a member to set their password; there is no mail server, so hand it over yourself' })
export class Invite {
  @Field({ description: 'Shown this once; pass it to acceptInvite (the web UI opens it at /invite/<token>)' }) token!: string;
  @Field() email!: string;
  @Field() expiresAt!: Date;
}

@InputType()
export class SignInInput {
  @Field() email!: string;
  @Field() password!: string;
}

@InputType({ description: 'For a member who has no password yet and belongs to this organization only' })
export class CreateInviteInput {
  @Field(() => ID, { nullable: true, description: 'Needed only when you belong to several organizations' }) organizationId?: string;
  @Field() email!: string;
}

@InputType()
export class AcceptInviteInput {
  @Field() token!: string;
  @Field({ description: 'At least 10 characters' }) password!: string;
  @Field({ nullable: true, description: 'How others see you; defaults to the part of your email before @' }) name?: string;
}

@InputType()
export class ChangePasswordInput {
  @Field({ nullable: true, description: 'Needed when you have a password already' }) currentPassword?: string;
  @Field({ description: 'At least 10 characters' }) newPassword!: string;
}
