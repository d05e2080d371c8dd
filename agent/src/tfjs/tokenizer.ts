import { TrainerError } from './errors.js';

export const PAD = 0;
export const UNK = 1;
export const BOS = 2;
export const EOS = 3;
const SPECIALS = ['[PAD]', '[UNK]', '[BOS]', '[EOS]'];

/** Words, numbers and single punctuation marks, lower-cased. */
const PIECE = /[a-z0-9']+|[^\sa-z0-9']/g;

export function pieces(text: string): string[] {
  return text.toLowerCase().match(PIECE) ?? [];
}

/**
 * A word-level tokenizer. Word level keeps sequences short, which is what makes a transformer
 * trainable in minutes on a CPU; unknown words map to [UNK].
 */
export class Tokenizer {
  private readonly index: Map<string, number>;

  constructor(readonly vocab: readonly string[]) {
    SPECIALS.forEach((s, i) => {
      if (vocab[i] !== s) throw new TrainerError('BAD_MODEL', `tokenizer vocab must start with ${SPECIALS.join(', ')}`);
    });
    this.index = new Map(vocab.map((w, i) => [w, i]));
  }

  /** The `maxVocab` most frequent pieces seen at least `minCount` times. */
  static fit(texts: Iterable<string>, maxVocab: number, minCount = 2): Tokenizer {
    const counts = new Map<string, number>();
    for (const t of texts) for (const p of pieces(t)) counts.set(p, (counts.get(p) ?? 0) + 1);
    const words = [...counts.entries()]
      .filter(([, c]) => c >= minCount)
      // Ties broken by the word, so the same corpus always gives the same ids.
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, Math.max(0, maxVocab - SPECIALS.length))
      .map(([w]) => w);
    return new Tokenizer([...SPECIALS, ...words]);
  }

  static fromJson(value: unknown): Tokenizer {
    const vocab = (value as { vocab?: unknown } | null)?.vocab;
    if (!Array.isArray(vocab) || !vocab.every((w) => typeof w === 'string')) {
      throw new TrainerError('BAD_MODEL', 'tokenizer.json must be {"type": "word", "vocab": [strings]}');
    }
    return new Tokenizer(vocab as string[]);
  }

  toJson(): { type: 'word'; vocab: readonly string[] } {
    return { type: 'word', vocab: this.vocab };
  }

  get size(): number {
    return this.vocab.length;
  }

  /** [BOS] + pieces (+ [EOS]), cut to `maxLength`. */
  encode(text: string, maxLength: number, withEos = false): number[] {
    const ids = [BOS, ...pieces(text).map((p) => this.index.get(p) ?? UNK)];
    if (withEos) ids.push(EOS);
    return ids.slice(0, maxLength);
  }

  decode(ids: readonly number[]): string {
    return ids.filter((i) => i > EOS).map((i) => this.vocab[i] ?? '[UNK]').join(' ');
  }
}
