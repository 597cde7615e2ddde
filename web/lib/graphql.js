// Why: the page talks to the API the way any client does: one POST /graphql per question. Errors
// keep the API's own message and code, so the page can show exactly what the server said.
/* global fetch, location, URL */

export const ENDPOINT = new URL('/graphql', location.href).toString();

let authorization = null;

/**
 * For a server that requires a login: `provider()` returns (or resolves with) the value of the
 * Authorization header, e.g. `Bearer ${token}`, for every request; null sends none.
 */
export function setAuthorization(provider) {
  authorization = provider;
}

export class ApiError extends Error {
  constructor(message, { code = null, field = null, errors = [], data = null } = {}) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.field = field;
    this.errors = errors;
    this.data = data;
  }
}

/**
 * Sends one GraphQL request. Resolves with `data`; rejects with an ApiError carrying the first
 * error's message, or, with `partial: true`, resolves with { data, errors } whenever there is data.
 */
export async function gql(query, variables = {}, { signal, partial = false } = {}) {
  const headers = { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' };
  const auth = authorization ? await authorization() : null;
  if (auth) headers.authorization = auth;
  let res;
  try {
    res = await fetch(ENDPOINT, {
      method: 'POST',
      headers,
      body: JSON.stringify({ query, variables }),
      signal,
    });
  } catch (e) {
    if (e && e.name === 'AbortError') throw e;
    throw new ApiError('De server is niet bereikbaar. Controleer de verbinding en probeer het opnieuw.', { code: 'NETWORK' });
  }
  let body;
  try {
    body = await res.json();
  } catch (e) {
    if (e && e.name === 'AbortError') throw e;
    throw new ApiError(`De server gaf een onverwacht antwoord (HTTP ${res.status}).`, { code: `HTTP_${res.status}` });
  }
  const errors = Array.isArray(body.errors) ? body.errors : [];
  if (partial && body.data) return { data: body.data, errors };
  if (errors.length) {
    const first = errors[0];
    const ext = first.extensions || {};
    throw new ApiError(first.message || 'Onbekende fout', { code: ext.code || null, field: ext.field || null, errors, data: body.data || null });
  }
  if (!body.data) throw new ApiError(`De server gaf een onverwacht antwoord (HTTP ${res.status}).`, { code: `HTTP_${res.status}` });
  return body.data;
}
