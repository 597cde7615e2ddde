// Why: "how long has this request been running, and when is it due?" for one case, by its
// reference (OP-2025-000123) or id. The lead time comes from the KPI caseLeadTime with caseId; the
// deadline and status come from `case(id, reference)`, which the API may not offer yet: then the
// lookup still shows the lead time (for an id) and says what is missing. Everything that depends
// on the shape of that query is in this file.
import { gql, ApiError } from './graphql.js';

/** The fields of a CaseSummary the page shows. */
export const CASE_FIELDS = 'id reference caseType caseTypeLabel status statusLabel open suspended createdAt closedAt deadline timeliness assignee role roleLabel';

/** Looks a case up by reference and by id in one request, with its lead time. */
export const LOOKUP_QUERY = `query ZaakOpzoeken($q: String!, $asOf: DateTime, $timezone: String, $dims: DimensionsInput) {
  byReference: case(reference: $q, asOf: $asOf, timezone: $timezone) { ${CASE_FIELDS} }
  byId: case(id: $q, asOf: $asOf, timezone: $timezone) { ${CASE_FIELDS} }
  leadTime: kpi(name: "caseLeadTime", dimensions: $dims) { value unit period { asOf timezone } }
}`;

export const LEAD_TIME_QUERY = `query Doorlooptijd($dims: DimensionsInput) {
  leadTime: kpi(name: "caseLeadTime", dimensions: $dims) { value unit period { asOf timezone } }
}`;

/** True when the API refused the query because it has no `case` field yet. */
export function isMissingCaseQuery(error) {
  if (!(error instanceof ApiError)) return false;
  return error.errors.some((e) => /Cannot query field "case" on type "Query"|Unknown argument .* on field "Query\.case"|Cannot query field "[a-zA-Z]+" on type "CaseSummary"/.test(e.message || ''));
}

/**
 * @returns {Promise<{ query: string, found: boolean, summary: object|null, leadTime: number|null,
 *   timezone: string|null, caseQueryAvailable: boolean }>}
 */
export async function lookupCase(query, { asOf, timezone } = {}) {
  const q = query.trim();
  const base = {};
  if (asOf) base.asOf = asOf;
  if (timezone) base.timezone = timezone;
  try {
    const data = await gql(LOOKUP_QUERY, { q, asOf: asOf || null, timezone: timezone || null, dims: { ...base, caseId: q } });
    const summary = data.byReference || data.byId || null;
    let leadTime = data.leadTime;
    if (summary && summary.id !== q) {
      // Found by reference: the KPI needs the id.
      leadTime = (await gql(LEAD_TIME_QUERY, { dims: { ...base, caseId: summary.id } })).leadTime;
    }
    const value = leadTime ? leadTime.value : null;
    return { query: q, found: Boolean(summary), summary, leadTime: value, timezone: leadTime && leadTime.period ? leadTime.period.timezone : null, caseQueryAvailable: true };
  } catch (e) {
    if (!isMissingCaseQuery(e)) throw e;
  }
  // The API has no `case` query yet: the lead time of an id is all there is.
  const { leadTime } = await gql(LEAD_TIME_QUERY, { dims: { ...base, caseId: q } });
  const value = leadTime ? leadTime.value : null;
  return { query: q, found: value !== null, summary: null, leadTime: value, timezone: leadTime && leadTime.period ? leadTime.period.timezone : null, caseQueryAvailable: false };
}
