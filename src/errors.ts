// Why: every error a client sees carries a contract code (section 5) and a message meant for a
// person; internal details (SQL, stacks, paths) never leave the server. These constructors are the
// only way the engine reports a problem to a client.
import { GraphQLError } from 'graphql';

export const ErrorCode = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  UNKNOWN_KPI: 'UNKNOWN_KPI',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  TIMEOUT: 'TIMEOUT',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;

/** A bad input value: names the field (dotted path, e.g. `dimensions.period.to`) and what is allowed. */
export function badInput(field: string, message: string, allowed?: readonly string[]): GraphQLError {
  const list = allowed && allowed.length ? ` Allowed: ${allowed.slice(0, 50).join(', ')}${allowed.length > 50 ? ', …' : ''}.` : '';
  return new GraphQLError(`${field}: ${message}.${list}`, {
    extensions: { code: ErrorCode.BAD_USER_INPUT, field, ...(allowed ? { allowed: [...allowed] } : {}) },
  });
}

export function unknownKpi(name: string, known: readonly string[]): GraphQLError {
  return new GraphQLError(`Unknown KPI "${name}". Known KPIs: ${known.join(', ')}.`, {
    extensions: { code: ErrorCode.UNKNOWN_KPI, field: 'name', allowed: [...known] },
  });
}
