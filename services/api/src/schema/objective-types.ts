import { Field, ObjectType } from 'type-graphql';

@ObjectType({ description: "One of a multi-objective sweep's objectives (`metrics:` in its config)" })
export class Objective {
  @Field({ description: 'A metric the program reports, or the system metrics gpu_hours and wall_seconds' }) name!: string;
  @Field({ description: 'minimize or maximize' }) goal!: string;
}
