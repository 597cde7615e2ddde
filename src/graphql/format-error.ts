// Why: contract section 5: every error carries a contract code, and no SQL, stack trace or internal
// path reaches a client. Errors the engine raised on purpose pass as they are; GraphQL's own
// validation errors become BAD_USER_INPUT; anything else is logged and replaced.
import { GraphQLError, GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { ErrorCode } from '../errors';

const PASS = new Set<string>([ErrorCode.BAD_USER_INPUT, ErrorCode.UNKNOWN_KPI, ErrorCode.UNAUTHENTICATED, ErrorCode.FORBIDDEN, ErrorCode.TIMEOUT]);
const GRAPHQL_INPUT = new Set(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_REQUEST', 'PERSISTED_QUERY_NOT_SUPPORTED', 'OPERATION_RESOLUTION_FAILURE']);

export function formatError(formatted: GraphQLFormattedError, error: unknown, log: (e: unknown) => void = console.error): GraphQLFormattedError {
  const code = formatted.extensions?.code as string | undefined;
  const { stacktrace: _stack, ...extensions } = (formatted.extensions ?? {}) as Record<string, unknown>;
  if (code && PASS.has(code)) return { ...formatted, extensions };
  if (code && GRAPHQL_INPUT.has(code)) {
    return { message: formatted.message, locations: formatted.locations, path: formatted.path, extensions: { ...extensions, code: ErrorCode.BAD_USER_INPUT, reason: code } };
  }
  if (isRequestProblem(error)) {
    // graphql-js or Apollo refusing the request itself: "Too many errors processing variables" (50+
    // bad variable values), a persisted query whose hash does not match its text, and the like.
    return { message: formatted.message, locations: formatted.locations, extensions: { code: ErrorCode.BAD_USER_INPUT, field: 'query' } };
  }
  const original = unwrapResolverError(error) as { code?: string } | undefined;
  if (original && original.code === '57014') {
    return { message: 'The KPI query took too long and was cancelled. Narrow the period or the granularity.', path: formatted.path, extensions: { code: ErrorCode.TIMEOUT } };
  }
  if (isDatabaseUnavailable(original)) {
    log(original);
    return { message: 'The database cannot be reached at the moment. Try again shortly.', path: formatted.path, extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR, reason: 'DATABASE_UNAVAILABLE' } };
  }
  log(original ?? error);
  return { message: 'Internal server error. The error has been logged.', path: formatted.path, extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } };
}

/**
 * An error graphql-js or Apollo raised about the request (its document, variables or extensions)
 * rather than a failure while answering it: a GraphQLError with no resolver path and no underlying
 * error. Its message describes the request only, so it is safe to show.
 */
function isRequestProblem(error: unknown): boolean {
  return error instanceof GraphQLError && !error.originalError && (!error.path || error.path.length === 0);
}

/** SQLSTATEs of a server shutting down, restarting or refusing connections (class 08, 57P0x). */
const UNAVAILABLE_STATES = new Set(['57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006']);

/** PostgreSQL stopped, restarting or not reachable: the pool cannot give a connection. */
function isDatabaseUnavailable(error: unknown): boolean {
  const e = error as { code?: string; name?: string; message?: string; errors?: unknown[] } | undefined;
  if (!e) return false;
  if (e.code && (UNAVAILABLE_STATES.has(e.code) || ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND'].includes(e.code))) return true;
  if (e.name === 'KnexTimeoutError' || /Timeout acquiring a connection|Connection terminated/i.test(e.message ?? '')) return true;
  return Array.isArray(e.errors) && e.errors.some(isDatabaseUnavailable); // AggregateError: every address refused
}
