import { DEFAULT_AGENT_CREDENTIAL_TTL_MS, ensureOrgTopology, ProtocolError } from '@anneal/protocol';
import type { AgentViewer } from '../auth/viewer.js';
import type { ApiDeps } from '../deps.js';
import { ApiError } from '../errors.js';

export interface AgentConfigView {
  natsUrl: string;
  namespace: string;
  organizationId: string;
  pools: string[];
  assignmentPublicKey: string;
  natsJwt: string | null;
  natsJwtExpiresAt: Date | null;
}

/**
 * What an agent token is good for: where NATS is, the key assignments are signed with, and (for
 * the agent's own nkey) a short-lived NATS user JWT limited to the token's organization and pools.
 * The organization's buckets and the pools' consumers are declared here, because agents may use
 * them but not create them.
 */
export async function agentConfig(deps: ApiDeps, agent: AgentViewer, natsUserKey: string | null): Promise<AgentConfigView> {
  const org = deps.names.org(agent.organizationId);
  await ensureOrgTopology(deps.nc, deps.names, org, agent.pools);
  let credentials: { jwt: string; expiresAt: Date } | null = null;
  if (natsUserKey !== null) {
    try {
      credentials = await deps.natsAuthority.agentJwt({
        names: deps.names,
        organizationId: agent.organizationId,
        pools: agent.pools,
        userPublicKey: natsUserKey,
        label: `agent token ${agent.keyId}`,
        ttlMs: deps.agentCredentialTtlMs ?? DEFAULT_AGENT_CREDENTIAL_TTL_MS,
      });
    } catch (e) {
      if (e instanceof ProtocolError) throw new ApiError('BAD_USER_INPUT', e.message);
      throw e;
    }
  }
  return {
    natsUrl: deps.publicNatsUrl,
    namespace: deps.names.namespace,
    organizationId: agent.organizationId,
    pools: [...agent.pools],
    assignmentPublicKey: deps.natsAuthority.signer.publicKey,
    natsJwt: credentials?.jwt ?? null,
    natsJwtExpiresAt: credentials?.expiresAt ?? null,
  };
}
