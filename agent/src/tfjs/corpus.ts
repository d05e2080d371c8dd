import { Rng } from '@anneal/core';

/**
 * A small synthetic language of product reviews, generated from a seed so every machine has
 * the same corpus without downloading one. Sentiment is compositional (negation, "but"
 * clauses), so a classifier needs word order, and the pretraining text ends reviews with a
 * verdict that agrees with them, so a pretrained model has already learnt which words are
 * praise: that is what fine-tuning then benefits from.
 */
const PRODUCTS = ['phone', 'laptop', 'camera', 'headset', 'blender', 'kettle', 'backpack', 'jacket', 'lamp', 'chair', 'watch', 'speaker', 'tablet', 'keyboard', 'monitor', 'drone'];
const PARTS = ['battery', 'screen', 'sound', 'build', 'price', 'design', 'handle', 'zipper', 'fabric', 'lens', 'strap', 'motor', 'keys', 'display', 'cable', 'hinge', 'fan', 'app'];
const GOOD = ['great', 'excellent', 'solid', 'reliable', 'fantastic', 'sturdy', 'bright', 'comfortable', 'quick', 'lovely', 'superb', 'decent'];
const BAD = ['awful', 'flimsy', 'dim', 'slow', 'noisy', 'broken', 'cheap', 'terrible', 'weak', 'disappointing', 'useless', 'poor'];
const LIKE = ['love', 'like', 'enjoy', 'adore', 'appreciate'];
const DISLIKE = ['hate', 'dislike', 'regret', 'despise'];
const INTENSIFIERS = ['very', 'really', 'quite', 'extremely', 'fairly', 'truly'];
const FILLER = [
  'i bought this {product} last {when} .',
  'it came in a {color} box .',
  'my {who} uses it every day .',
  'delivery took {n} days .',
  'i have had it for {n} weeks .',
];
const WHEN = ['week', 'month', 'year', 'winter', 'summer'];
const COLORS = ['red', 'blue', 'black', 'white', 'green', 'grey'];
const WHO = ['sister', 'brother', 'friend', 'partner', 'son', 'daughter', 'colleague'];
const PRAISE = ['five stars .', 'i would recommend it .', 'worth every penny .', 'i would buy it again .'];
const COMPLAINT = ['one star .', 'i returned it .', 'avoid this one .', 'what a waste of money .'];
const MIXED = ['three stars .', 'it is okay overall .', 'good and bad in equal measure .'];

export const LABELS = ['positive', 'negative', 'mixed'] as const;
export type Sentiment = (typeof LABELS)[number];

export interface LabelledText {
  text: string;
  label: Sentiment;
}

const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng.float() * xs.length)]!;

/** One opinion about one part; `positive` says which way it leans once negation is applied. */
function clause(rng: Rng, positive: boolean): string {
  const part = pick(rng, PARTS);
  const intensifier = rng.float() < 0.4 ? `${pick(rng, INTENSIFIERS)} ` : '';
  switch (Math.floor(rng.float() * 3)) {
    case 0:
      return `the ${part} is ${intensifier}${pick(rng, positive ? GOOD : BAD)}`;
    case 1:
      // Negated: the adjective says the opposite of what the clause means.
      return `the ${part} is not ${pick(rng, positive ? BAD : GOOD)}`;
    default:
      return `i ${pick(rng, positive ? LIKE : DISLIKE)} the ${part}`;
  }
}

function filler(rng: Rng): string {
  return pick(rng, FILLER)
    .replace('{product}', pick(rng, PRODUCTS))
    .replace('{when}', pick(rng, WHEN))
    .replace('{color}', pick(rng, COLORS))
    .replace('{who}', pick(rng, WHO))
    .replace('{n}', String(2 + Math.floor(rng.float() * 9)));
}

export function review(rng: Rng): LabelledText {
  const label = pick(rng, LABELS);
  const clauses = 1 + Math.floor(rng.float() * 3);
  const leanings: boolean[] = [];
  for (let i = 0; i < clauses; i++) leanings.push(label === 'positive' ? true : label === 'negative' ? false : i % 2 === 0);
  if (label === 'mixed' && leanings.length === 1) leanings.push(false);
  if (label === 'mixed' && rng.float() < 0.5) leanings.reverse();
  const opinions = leanings.map((l) => clause(rng, l));
  let text = opinions[0]!;
  for (let i = 1; i < opinions.length; i++) {
    const turn = leanings[i] !== leanings[i - 1];
    text += turn ? ` but ${opinions[i]}` : ` ${rng.float() < 0.5 ? 'and' : '. also'} ${opinions[i]}`;
  }
  text = `${text} .`;
  if (rng.float() < 0.5) text = `${filler(rng)} ${text}`;
  if (rng.float() < 0.3) text = `${text} ${filler(rng)}`;
  return { text, label };
}

/** Labelled reviews for a classification fine-tune. */
export function classificationSet(seed: number, count: number): LabelledText[] {
  const rng = Rng.fromSeed(seed);
  return Array.from({ length: count }, () => review(rng));
}

/** Unlabelled pretraining text: reviews with their verdicts, one document per line. */
export function pretrainingCorpus(seed: number, lines: number): string[] {
  const rng = Rng.fromSeed(seed);
  return Array.from({ length: lines }, () => {
    const r = review(rng);
    const verdict = pick(rng, r.label === 'positive' ? PRAISE : r.label === 'negative' ? COMPLAINT : MIXED);
    return rng.float() < 0.15 ? `the ${pick(rng, PRODUCTS)} . ${filler(rng)}` : `${r.text} ${verdict}`;
  });
}
