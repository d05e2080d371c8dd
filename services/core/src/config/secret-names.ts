/**
 * Names that hold credentials by convention (HF_TOKEN, AWS_SECRET_ACCESS_KEY, NATS_*), shared by
 * the sweep config's `env` check and the agent's trainer environment, so both refuse the same
 * names. TOKENIZERS_PARALLELISM is not one, hence the separator after KEY/TOKEN; AUTHOR neither.
 */
const SECRET_NAME = /(KEY|TOKEN)S?(_|$)|SECRET|PASSWORD|PASSWD|PASSPHRASE|CREDENTIAL|(^|_)CREDS(_|$)|(^|_)AUTH(_|$|ORIZATION)|COOKIE|^NATS_/i;

export function looksLikeSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}
