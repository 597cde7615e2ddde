// Why: `case(id | reference)`: the per-case lookup of a dashboard. Lead time comes from the
// caseLeadTime KPI (through the request's DataLoader), so it can never disagree with the KPI.
import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import { GraphQLDateTime } from 'graphql-scalars';
import { CaseSummary } from '../types/case-summary';
import { RequestContext } from '../context';
import { findCaseSummary } from '../../cases/case-summary';
import { badInput } from '../../errors';
import { labelFor } from '../../kpi/labels';
import { canRead, forbidden } from '../../auth/principal';
import { isStorableText, UNSTORABLE_MESSAGE } from '../../input/storable-text';
import { instantInRange, INSTANT_RANGE_MESSAGE } from '../../input/instant-range';

@Resolver()
export class CaseResolver {
  @Query(() => CaseSummary, { nullable: true, name: 'case', description: 'One case by id or reference, as of an instant; null when there is no such case (yet).' })
  async caseSummary(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => String, { nullable: true }) id?: string | null,
    @Arg('reference', () => String, { nullable: true }) reference?: string | null,
    @Arg('asOf', () => GraphQLDateTime, { nullable: true }) asOf?: Date | null,
    @Arg('timezone', () => String, { nullable: true }) timezone?: string | null,
  ): Promise<CaseSummary | null> {
    if (!id === !reference) throw badInput(id ? 'reference' : 'id', 'give either id or reference');
    for (const [field, v] of [['id', id], ['reference', reference]] as const) {
      if (v !== null && v !== undefined && (v.length === 0 || v.length > 200)) throw badInput(field, 'must be a non-empty string of at most 200 characters');
      if (v !== null && v !== undefined && !isStorableText(v)) throw badInput(field, UNSTORABLE_MESSAGE);
    }
    if (asOf && !instantInRange(asOf.getTime())) throw badInput('asOf', INSTANT_RANGE_MESSAGE);
    const leadTimeKpi = 'caseLeadTime';
    const resolvedAsOf = asOf ? asOf.getTime() : ctx.clock.now;
    // A result kept by the whole-result cache is labelled with the versions read before its data
    // (src/graphql/response-cache.ts): read the case after them.
    if (ctx.resultCache) await ctx.dataVersions();
    const row = await findCaseSummary(ctx.engine.options.knex, { id, reference }, resolvedAsOf);
    if (!row) return null;
    if (!canRead(ctx.principal, row.caseType)) throw forbidden(id ? 'id' : 'reference', `this case is a ${row.caseType} case, which you may not read`);
    const req = await ctx.engine.resolve(leadTimeKpi, { caseId: row.caseId, asOf: new Date(resolvedAsOf), timezone }, null, resolvedAsOf, ctx.principal);
    const lead = await ctx.kpiLoader.load(req);
    const scope = [row.caseType];
    return {
      id: row.caseId,
      reference: row.reference,
      caseType: row.caseType,
      caseTypeLabel: ctx.catalog.get(row.caseType)?.label ?? row.caseType,
      createdAt: row.createdAt,
      open: row.open,
      status: row.status,
      statusLabel: labelFor(ctx.catalog, scope, 'STATUS', row.status),
      assignee: row.assignee,
      role: row.role,
      roleLabel: labelFor(ctx.catalog, scope, 'ROLE', row.role),
      suspended: row.suspended,
      deadline: row.deadline,
      timeliness: row.timeliness,
      closedAt: row.closedAt,
      leadTimeDays: lead?.value ?? null,
      asOf: new Date(resolvedAsOf),
      timezone: req.dims.timezone,
    };
  }
}
