// Why: contract section 5: every error carries a contract code, and no SQL, stack trace or internal
// path reaches a client. Errors the engine raised on purpose pass as they are; GraphQL's own
// validation errors become BAD_USER_INPUT; anything else is logged and replaced.
import type { GraphQLFormattedError } from 'graphql';
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
  const original = unwrapResolverError(error) as { code?: string } | undefined;
  if (original && original.code === '57014') {
    return { message: 'The KPI query took too long and was cancelled. Narrow the period or the granularity.', path: formatted.path, extensions: { code: ErrorCode.TIMEOUT } };
  }
  log(original ?? error);
  return { message: 'Internal server error. The error has been logged.', path: formatted.path, extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } };
}
