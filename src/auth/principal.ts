// Why: who is asking, and what they may do: read which processes, and ingest or not. Every
// resolver asks this object instead of looking at tokens.
import { GraphQLError } from 'graphql';
import { ErrorCode } from '../errors';

export interface Principal {
  /** The token's subject (or "development" without authentication). */
  subject: string;
  /** Roles and groups from the token, as the permission mapping saw them. */
  roles: string[];
  /** Processes the caller may read; "all" also covers case types that are not configured. */
  readable: Set<string> | 'all';
  canIngest: boolean;
}

export const DEVELOPMENT_PRINCIPAL: Principal = { subject: 'development', roles: [], readable: 'all', canIngest: true };

export function canRead(p: Principal, caseType: string): boolean {
  return p.readable === 'all' || p.readable.has(caseType);
}

/** The processes (of `known`) the caller may read. */
export function readableOf(p: Principal, known: string[]): string[] {
  return known.filter((k) => canRead(p, k));
}

export function forbidden(field: string, message: string): GraphQLError {
  return new GraphQLError(`${field}: ${message}.`, { extensions: { code: ErrorCode.FORBIDDEN, field } });
}

export function unauthenticated(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.UNAUTHENTICATED, http: { status: 401 } } });
}
