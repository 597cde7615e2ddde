// Why: the input checks every entry point shares (src/input, the document nesting scan) decide what
// reaches SQL or graphql-js's recursive parser. Pinned here on small inputs worked out by hand,
// next to the fuzz test that throws thousands of hostile values at the whole API.
import { firstUnstorable, isStorableText, MAX_JSON_DEPTH, nestingDepth } from '../src/input/storable-text';
import { instantInRange } from '../src/input/instant-range';
import { documentNesting, MAX_DOCUMENT_NESTING } from '../src/graphql/document-nesting';
import { describeRefusedBody } from '../src/http/refused-requests';
import { validateEvent } from '../src/ingest/events';

describe('storable text', () => {
  it.each([
    ['plain', 'ooievaarspas', true],
    ['emoji (a paired surrogate)', '😀', true],
    ['U+0000', 'a\u0000b', false],
    ['a lone high surrogate', 'x\uD800', false],
    ['a lone low surrogate', '\uDC00y', false],
    ['a reversed pair', '\uDC00\uD800', false],
  ])('%s', (_label, text, storable) => {
    expect(isStorableText(text)).toBe(storable);
  });

  it('names the path of the first unstorable string or key', () => {
    expect(firstUnstorable({ a: 'ok', b: ['ok', 'x\u0000'] }, 'data')).toBe('data.b[1]');
    expect(firstUnstorable({ ['k\u0000']: 1 }, 'data')).toBe('data["k\\u0000"]');
    expect(firstUnstorable({ a: { b: 'fine' } }, 'data')).toBeNull();
  });
});

describe('nesting depth', () => {
  const nested = (n: number) => {
    let v: unknown = 'bottom';
    for (let i = 0; i < n; i++) v = i % 2 ? { a: v } : [v];
    return v;
  };
  it('counts objects and arrays, a scalar being 0', () => {
    expect(nestingDepth('x', 10)).toBe(0);
    expect(nestingDepth({}, 10)).toBe(1);
    expect(nestingDepth({ a: [1, { b: 2 }] }, 10)).toBe(3);
  });
  it('stops just past the limit on a value 100,000 levels deep, without recursion', () => {
    expect(nestingDepth(nested(100_000), MAX_JSON_DEPTH)).toBe(MAX_JSON_DEPTH + 1);
  });
  it('an event whose data nests 5,000 deep is refused naming data, not a stack overflow', () => {
    const r = validateEvent({ id: 'e1', type: 'case.created', caseId: 'c1', at: '2025-03-01T09:00:00Z', data: { caseType: 'ooievaarspas', x: nested(5_000) } }, 0);
    expect(r.event).toBeUndefined();
    expect(r.problems).toEqual([expect.objectContaining({ field: 'data', message: `nests deeper than ${MAX_JSON_DEPTH} levels` })]);
  });
  it('an event whose data nests 32 deep is accepted', () => {
    let v: Record<string, unknown> = { caseType: 'ooievaarspas' };
    for (let i = 1; i < 32; i++) v = { caseType: 'ooievaarspas', attributes: i === 1 ? { a: 1 } : undefined, x: v };
    expect(nestingDepth(v, 40)).toBe(32);
    expect(validateEvent({ id: 'e1', type: 'case.created', caseId: 'c1', at: '2025-03-01T09:00:00Z', data: v }, 0).problems).toEqual([]);
  });
});

describe('instant range', () => {
  it.each([
    ['0000-01-01T00:00:00Z', false], ['1899-12-31T23:59:59.999Z', false], ['1900-01-01T00:00:00Z', true],
    ['2025-03-01T09:00:00+01:00', true], ['2200-12-31T23:59:59.999Z', true], ['2201-01-01T00:00:00Z', false],
  ])('%s', (text, ok) => {
    expect(instantInRange(Date.parse(text))).toBe(ok);
  });
  it('NaN is out of range', () => expect(instantInRange(NaN)).toBe(false));
});

describe('document nesting', () => {
  it('counts braces, brackets and parentheses', () => {
    expect(documentNesting('{ kpis { name } }')).toBe(2);
    expect(documentNesting('{ kpi(name: "openCases", dimensions: { statuses: ["a"] }) { value } }')).toBe(4);
  });
  it('skips strings, block strings and comments', () => {
    expect(documentNesting('{ kpi(name: "{{{{[[[(((\\"{{") { value } }')).toBe(2);
    expect(documentNesting('{ a(x: """ {{{{ """) }')).toBe(2);
    expect(documentNesting('# {{{{{{{{\n{ a }')).toBe(1);
  });
  it('stops counting past the limit', () => {
    expect(documentNesting('{ kpis '.repeat(3_000), MAX_DOCUMENT_NESTING)).toBe(MAX_DOCUMENT_NESTING + 1);
  });
});

describe('refused bodies', () => {
  it.each([
    [{ type: 'entity.too.large', status: 413 }, 413, 'The request body is larger than 1024 bytes.'],
    [{ type: 'entity.parse.failed', status: 400 }, 400, 'The request body is not valid JSON.'],
    [{ type: 'charset.unsupported', status: 415, charset: 'klingon' }, 415, 'The request body\'s charset "klingon" is not supported; send UTF-8 JSON.'],
    [{ type: 'encoding.unsupported', status: 415, encoding: 'zstd' }, 415, 'The content encoding "zstd" is not supported; send identity, gzip, deflate or br.'],
  ])('%j', (err, status, message) => {
    expect(describeRefusedBody(err, 1024)).toEqual({ status, message });
  });
  it('a server-side error is not a refused body', () => {
    expect(describeRefusedBody({ type: 'stream.not.readable', status: 500 }, 1024)).toBeNull();
    expect(describeRefusedBody({}, 1024)).toBeNull();
  });
});
