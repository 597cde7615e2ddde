// Why: `kpis` and `kpi` (contract section 5). The resolver only resolves the request (errors name
// the field) and hands it to the request's DataLoader; the engine does the work.
import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { DimensionsInput } from '../types/dimensions-input';
import { KpiDefinition, KpiResult } from '../types/kpi';
import { RequestContext } from '../context';
import { supportedDimensions, SUPPORTED_GROUP_BY } from '../../kpi/registry';
import { badInput } from '../../errors';
import { canRead } from '../../auth/principal';

@Resolver()
export class KpiResolver {
  @Query(() => [KpiDefinition], { description: 'Every KPI, or those that apply to one case type, with dimensions and params.' })
  kpis(
    @Ctx() ctx: RequestContext,
    @Arg('caseType', () => String, { nullable: true }) caseType?: string | null,
  ): KpiDefinition[] {
    const readable = ctx.catalog.keys().filter((k) => canRead(ctx.principal, k));
    if (caseType && !readable.includes(caseType)) throw badInput('caseType', `unknown case type "${caseType}"`, readable);
    return ctx.engine.registry.all()
      .filter((k) => !caseType || !k.options.caseTypes || k.options.caseTypes.includes(caseType))
      .map((k) => ({ ...k, scope: (k.options.caseTypes ?? ctx.catalog.keys()).filter((t) => readable.includes(t)) }))
      .filter((k) => k.scope.length > 0)
      .map(({ options, scope }) => {
        return {
          name: options.name,
          title: options.title,
          description: options.description,
          unit: options.unit,
          kind: options.kind,
          caseTypes: scope,
          generic: !options.caseTypes,
          dimensions: supportedDimensions(options),
          groupBy: SUPPORTED_GROUP_BY,
          params: Object.entries(options.params ?? {}).map(([name, p]) => ({
            name,
            type: p.type,
            description: p.description,
            default: p.default ?? null,
            allowed: typeof p.allowed === 'function' ? p.allowed(scope) : p.allowed ? [...p.allowed] : null,
          })),
        };
      });
  }

  @Query(() => KpiResult, { description: 'Any KPI for any combination of the shared dimensions.' })
  async kpi(
    @Ctx() ctx: RequestContext,
    @Arg('name', () => String) name: string,
    @Arg('dimensions', () => DimensionsInput, { nullable: true }) dimensions?: DimensionsInput | null,
    @Arg('params', () => GraphQLJSONObject, { nullable: true }) params?: Record<string, unknown> | null,
  ): Promise<KpiResult> {
    ctx.kpiNames.add(name.slice(0, 100));
    const req = await ctx.engine.resolve(name, dimensions, params, () => ctx.clock.now, ctx.principal);
    return ctx.kpiLoader.load(req);
  }
}
