import { Field, Float, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: "A series' latest point: what a leaderboard column shows" })
export class LatestValue {
  @Field() key!: string;
  @Field(() => Int) step!: number;
  @Field(() => Float) value!: number;
}
