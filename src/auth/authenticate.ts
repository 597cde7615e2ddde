// Why: verifies the bearer token of a request. OpenID Connect (Keycloak, as GZAC/Valtimo use):
// signature by the issuer's JWKS, issuer, audience and expiry, with jose. A shared-secret HS256 mode
// for small installations and tests. And a development mode without authentication, refused in
// production.
import { createRemoteJWKSet, jwtVerify, JWTPayload } from 'jose';
import { DEVELOPMENT_PRINCIPAL, Principal, unauthenticated } from './principal';
import { PermissionMap, principalFor } from './permissions';

export type AuthMode = 'oidc' | 'hs256' | 'off';

export interface AuthConfig {
  mode: AuthMode;
  issuer?: string;
  audience?: string;
  jwksUri?: string;
  secret?: string;
  /** Dotted claim paths that hold roles or groups. */
  roleClaims: string[];
  permissions?: PermissionMap;
  /** Allowed clock difference in seconds. */
  clockTolerance: number;
}

export function loadAuthConfig(env: NodeJS.ProcessEnv): AuthConfig {
  const production = env.NODE_ENV === 'production';
  const mode = (env.AUTH_MODE || (production ? '' : 'off')) as AuthMode;
  if (!['oidc', 'hs256', 'off'].includes(mode)) {
    throw new Error(production && !env.AUTH_MODE
      ? 'AUTH_MODE must be set in production: oidc (Keycloak) or hs256'
      : `AUTH_MODE "${env.AUTH_MODE}" must be oidc, hs256 or off`);
  }
  if (mode === 'off' && production) throw new Error('AUTH_MODE=off (no authentication) is refused when NODE_ENV=production');
  const roleClaims = (env.AUTH_ROLE_CLAIMS || 'realm_access.roles,groups,roles').split(',').map((s) => s.trim()).filter(Boolean);
  const config: AuthConfig = { mode, roleClaims, clockTolerance: Number(env.AUTH_CLOCK_TOLERANCE || 30) };
  if (mode === 'oidc') {
    if (!env.OIDC_ISSUER) throw new Error('AUTH_MODE=oidc needs OIDC_ISSUER (e.g. https://keycloak.example.nl/realms/gemeente)');
    if (!env.OIDC_AUDIENCE) throw new Error('AUTH_MODE=oidc needs OIDC_AUDIENCE (the client id of stuurinfo in Keycloak)');
    config.issuer = env.OIDC_ISSUER;
    config.audience = env.OIDC_AUDIENCE;
    config.jwksUri = env.OIDC_JWKS_URI || `${env.OIDC_ISSUER.replace(/\/$/, '')}/protocol/openid-connect/certs`;
  }
  if (mode === 'hs256') {
    if (!env.AUTH_HS256_SECRET || env.AUTH_HS256_SECRET.length < 32) throw new Error('AUTH_MODE=hs256 needs AUTH_HS256_SECRET of at least 32 characters');
    config.secret = env.AUTH_HS256_SECRET;
    config.issuer = env.AUTH_ISSUER || undefined;
    config.audience = env.AUTH_AUDIENCE || undefined;
  }
  return config;
}

function claimAt(payload: JWTPayload, path: string): unknown {
  let v: unknown = payload;
  for (const part of path.split('.')) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}

/** Roles and groups of a token; Keycloak group paths ("/team/ooievaarspas") count by full path and by name. */
export function rolesOf(payload: JWTPayload, claims: string[], audience?: string): string[] {
  const out = new Set<string>();
  const paths = [...claims];
  if (audience) paths.push(`resource_access.${audience}.roles`);
  for (const path of paths) {
    const v = path.startsWith('resource_access.') && audience
      ? (payload.resource_access as Record<string, { roles?: unknown }> | undefined)?.[audience]?.roles
      : claimAt(payload, path);
    if (!Array.isArray(v)) continue;
    for (const r of v) {
      if (typeof r !== 'string') continue;
      out.add(r);
      if (r.startsWith('/')) out.add(r.split('/').pop()!);
    }
  }
  return [...out];
}

export class Authenticator {
  private readonly jwks?: ReturnType<typeof createRemoteJWKSet>;
  private readonly key?: Uint8Array;

  constructor(readonly config: AuthConfig) {
    if (config.mode === 'oidc') this.jwks = createRemoteJWKSet(new URL(config.jwksUri!), { cooldownDuration: 30_000, timeoutDuration: 5_000 });
    if (config.mode === 'hs256') this.key = new TextEncoder().encode(config.secret);
  }

  /** The principal for an Authorization header value; throws UNAUTHENTICATED. */
  async authenticate(header: string | undefined): Promise<Principal> {
    if (this.config.mode === 'off') return DEVELOPMENT_PRINCIPAL;
    if (!header) throw unauthenticated('Authentication required: send Authorization: Bearer <token>.');
    const match = /^Bearer\s+([A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]*)$/.exec(header.trim());
    if (!match) throw unauthenticated('The Authorization header must be "Bearer <JWT>".');
    let payload: JWTPayload;
    try {
      const options = { issuer: this.config.issuer, audience: this.config.audience, clockTolerance: this.config.clockTolerance, requiredClaims: ['exp'] };
      const result = this.config.mode === 'oidc'
        ? await jwtVerify(match[1], this.jwks!, { ...options, algorithms: ['RS256', 'RS384', 'RS512', 'PS256', 'ES256', 'ES384', 'EdDSA'] })
        : await jwtVerify(match[1], this.key!, { ...options, algorithms: ['HS256'] });
      payload = result.payload;
    } catch (e) {
      const code = (e as { code?: string }).code ?? '';
      const reason = code === 'ERR_JWT_EXPIRED' ? 'the token has expired'
        : code === 'ERR_JWT_CLAIM_VALIDATION_FAILED' ? `the token's ${(e as { claim?: string }).claim ?? 'claims'} is not accepted`
          : code === 'ERR_JWKS_TIMEOUT' || code === 'ERR_JWKS_NO_MATCHING_KEY' ? 'the token was not signed by a key of the issuer'
            : 'the token is not valid';
      throw unauthenticated(`Authentication failed: ${reason}.`);
    }
    const roles = rolesOf(payload, this.config.roleClaims, this.config.audience);
    return principalFor(String(payload.sub ?? 'unknown'), roles, this.config.permissions ?? { roles: {} });
  }
}
