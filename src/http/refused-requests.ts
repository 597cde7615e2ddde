// Why: requests that never reach GraphQL still deserve a contract error a client can read. Body
// parsing refuses a body that is too large, not JSON, in an unknown charset or content encoding;
// a document nested thousands of brackets deep would overflow graphql-js's recursive parser. Both
// are answered here as JSON with BAD_USER_INPUT, before authentication or any database work.
import type { NextFunction, Request, Response } from 'express';
import { documentNesting, MAX_DOCUMENT_NESTING } from '../graphql/document-nesting';

/** What body-parser (and http-errors) put on the errors it raises. */
export interface HttpError { type?: string; status?: number; statusCode?: number; expose?: boolean; charset?: string; encoding?: string }

const MESSAGES: Record<string, (e: HttpError, maxBytes: number) => string> = {
  'entity.too.large': (_e, max) => `The request body is larger than ${max} bytes.`,
  'entity.parse.failed': () => 'The request body is not valid JSON.',
  'charset.unsupported': (e) => `The request body's charset ${JSON.stringify(String(e.charset ?? '').slice(0, 40))} is not supported; send UTF-8 JSON.`,
  'encoding.unsupported': (e) => `The content encoding ${JSON.stringify(String(e.encoding ?? '').slice(0, 40))} is not supported; send identity, gzip, deflate or br.`,
  'request.aborted': () => 'The request was aborted before its body arrived.',
  'request.size.invalid': () => 'The request body is shorter or longer than its Content-Length.',
  'parameters.too.many': () => 'The request has too many parameters.',
};

/** A client error of body parsing as status and message, or null for anything else. */
export function describeRefusedBody(err: HttpError, maxBodyBytes: number): { status: number; message: string } | null {
  const status = err?.status ?? err?.statusCode;
  if (!status || status < 400 || status > 499) return null;
  const describe = err.type ? MESSAGES[err.type] : undefined;
  return { status, message: describe ? describe(err, maxBodyBytes) : 'The request body could not be read.' };
}

/** Refuses a GraphQL document (POST body or GET ?query=) nested deeper than MAX_DOCUMENT_NESTING. */
export function refuseDeepDocuments(req: Request, res: Response, next: NextFunction): void {
  const query = (req.body as { query?: unknown } | undefined)?.query ?? req.query?.query;
  if (typeof query === 'string' && documentNesting(query) > MAX_DOCUMENT_NESTING) {
    res.status(400).json({ errors: [{ message: `query: brackets nest more than ${MAX_DOCUMENT_NESTING} levels deep.`, extensions: { code: 'BAD_USER_INPUT', field: 'query' } }] });
    return;
  }
  next();
}
