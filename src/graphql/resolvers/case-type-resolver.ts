// Why: `caseTypes` (contract section 2): the configured processes, for filters in a front end.
import { Ctx, Query, Resolver } from 'type-graphql';
import { CaseType } from '../types/case-type';
import { RequestContext } from '../context';
import { canRead } from '../../auth/principal';

@Resolver()
export class CaseTypeResolver {
  @Query(() => [CaseType], { description: 'The configured processes with statuses, roles, steps, letter types and attributes.' })
  caseTypes(@Ctx() ctx: RequestContext): CaseType[] {
    return ctx.catalog.all.filter((p) => canRead(ctx.principal, p.key)).map((p) => ({
      key: p.key,
      label: p.label,
      legalTerm: p.legalTerm,
      extensionTerm: p.extensionTerm ?? null,
      statuses: [...p.statuses].sort((a, b) => a.order - b.order),
      roles: p.roles,
      steps: p.steps.map((s) => ({ ...s, term: s.term ?? null })),
      letterTypes: p.letterTypes,
      results: p.results,
      attributes: (p.attributes ?? []).map((a) => ({ key: a.key, label: a.label, values: a.values ?? [] })),
    }));
  }
}
