// Why: every GraphQL request is logged as one structured JSON line (pino): request id, operation,
// the KPI names it asked, duration and error codes. Never a token, never variables (they may hold
// case ids), never SQL.
import type { ApolloServerPlugin } from '@apollo/server';
import type { Logger } from 'pino';
import type { RequestContext } from './context';

export function requestLogPlugin(logger: Logger): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart({ contextValue, request }) {
      const started = performance.now();
      return {
        async willSendResponse({ response, errors, operationName }) {
          const codes = (errors ?? []).map((e) => String(e.extensions?.code ?? 'INTERNAL_SERVER_ERROR'));
          const status = response.http?.status ?? 200;
          logger.info({
            requestId: contextValue.requestId,
            subject: contextValue.principal.subject,
            operation: operationName ?? request.operationName ?? null,
            kpis: [...contextValue.kpiNames],
            durationMs: Math.round((performance.now() - started) * 10) / 10,
            status,
            errors: codes.length ? codes : undefined,
          }, 'graphql');
        },
      };
    },
  };
}
