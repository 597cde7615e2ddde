// Why: `ingestEvents` (contract section 3): the same path as the NDJSON importer. A bad batch is
// refused as a whole; the error lists every problem with its index and field.
import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { GraphQLError } from 'graphql';
import { CaseEventInput, IngestResult } from '../types/ingest';
import { RequestContext } from '../context';
import { ingestRaw, IngestRefused } from '../../ingest/ingest';
import { ErrorCode } from '../../errors';
import { forbidden } from '../../auth/principal';

export const MAX_EVENTS_PER_BATCH = 10_000;

@Resolver()
export class IngestResolver {
  @Mutation(() => IngestResult, { description: 'Stores events (idempotent by id) and updates the read model of the cases they touch.' })
  async ingestEvents(
    @Ctx() ctx: RequestContext,
    @Arg('events', () => [CaseEventInput]) events: CaseEventInput[],
  ): Promise<IngestResult> {
    if (!ctx.principal.canIngest) throw forbidden('ingestEvents', 'you may not send events; ask for the ingest permission');
    if (events.length > MAX_EVENTS_PER_BATCH) {
      throw new GraphQLError(`events: at most ${MAX_EVENTS_PER_BATCH} events per batch; this one has ${events.length}. Split it.`, {
        extensions: { code: ErrorCode.BAD_USER_INPUT, field: 'events' },
      });
    }
    // GraphQL gives input objects a null prototype and fills absent optional fields with undefined.
    const raw = events.map((e) => {
      const o: Record<string, unknown> = { id: e.id, type: e.type, caseId: e.caseId, at: e.at };
      if (e.data !== undefined && e.data !== null) o.data = e.data;
      return o;
    });
    try {
      return await ingestRaw(ctx.ingest, raw);
    } catch (e) {
      if (e instanceof IngestRefused) {
        const first = e.problems[0];
        throw new GraphQLError(
          `The batch was refused; nothing was stored. ${e.problems.length} problem(s): ${e.problems.slice(0, 20).map((p) => `events[${p.position}]${p.id ? ` (id ${JSON.stringify(p.id)})` : ''}.${p.field} ${p.message}`).join('; ')}`,
          {
            extensions: {
              code: ErrorCode.BAD_USER_INPUT,
              field: `events[${first.position}].${first.field}`,
              problems: e.problems.slice(0, 1000).map((p) => ({ index: p.position, id: p.id ?? null, field: p.field, message: p.message })),
            },
          },
        );
      }
      throw e;
    }
  }
}
