/** pg returns bigint as a string to avoid precision loss; our ids and seeds stay below 2^53. */
export const bigintAsNumber = { to: (v: number) => v, from: (v: string | number) => Number(v) };
