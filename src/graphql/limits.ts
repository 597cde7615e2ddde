// Why: limits on the shape of a GraphQL request, checked before anything runs: how deep a query
// nests, and how many KPI-answering fields (kpi, dashboard, case) one request may ask for, aliases
// included. Each request then costs a bounded amount of database work.
import { ASTVisitor, FieldNode, FragmentDefinitionNode, GraphQLError, Kind, SelectionSetNode, ValidationContext, ValidationRule } from 'graphql';
import { ErrorCode } from '../errors';

export interface QueryLimits {
  maxDepth: number;
  /** Most kpi/dashboard/case fields (with aliases) in one request. */
  maxKpiFields: number;
  /** Most fields of any kind in one request (aliases included). */
  maxFields: number;
}

const COSTLY = new Set(['kpi', 'dashboard', 'case']);

function measure(set: SelectionSetNode | undefined, fragments: Record<string, FragmentDefinitionNode>, depth: number, seen: Set<string>, acc: { depth: number; costly: number; fields: number }): void {
  if (!set) return;
  acc.depth = Math.max(acc.depth, depth);
  for (const sel of set.selections) {
    if (sel.kind === Kind.FIELD) {
      const f = sel as FieldNode;
      acc.fields += 1;
      if (depth === 1 && COSTLY.has(f.name.value)) acc.costly += 1;
      measure(f.selectionSet, fragments, depth + 1, seen, acc);
    } else if (sel.kind === Kind.INLINE_FRAGMENT) {
      measure(sel.selectionSet, fragments, depth, seen, acc);
    } else if (sel.kind === Kind.FRAGMENT_SPREAD) {
      const name = sel.name.value;
      if (seen.has(name)) continue; // fragment cycles are reported by GraphQL's own rules
      const fragment = fragments[name];
      if (fragment) measure(fragment.selectionSet, fragments, depth, new Set([...seen, name]), acc);
    }
  }
}

export function queryLimitsRule(limits: QueryLimits): ValidationRule {
  return (context: ValidationContext): ASTVisitor => ({
    OperationDefinition(node) {
      if (node.operation === 'subscription') {
        context.reportError(new GraphQLError('query: this API has no subscriptions; use a query and poll, or ask a dashboard again', { nodes: [node], extensions: { code: ErrorCode.BAD_USER_INPUT, field: 'query' } }));
        return;
      }
      const fragments: Record<string, FragmentDefinitionNode> = {};
      for (const d of context.getDocument().definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
      const acc = { depth: 0, costly: 0, fields: 0 };
      measure(node.selectionSet, fragments, 1, new Set(), acc);
      const fail = (message: string) => context.reportError(new GraphQLError(message, { nodes: [node], extensions: { code: ErrorCode.BAD_USER_INPUT, field: 'query' } }));
      if (acc.depth > limits.maxDepth) fail(`query: nests ${acc.depth} levels deep; at most ${limits.maxDepth} are allowed`);
      if (acc.costly > limits.maxKpiFields) fail(`query: asks ${acc.costly} kpi/dashboard/case fields; at most ${limits.maxKpiFields} per request are allowed`);
      if (acc.fields > limits.maxFields) fail(`query: has ${acc.fields} fields; at most ${limits.maxFields} per request are allowed`);
    },
  });
}
