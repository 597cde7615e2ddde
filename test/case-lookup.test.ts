// Why: the dashboard's per-case lookup must show a case's deadline, timeliness and lead time as the
// contract defines them (section 4), including a running suspension.
import fs from 'node:fs';
import path from 'node:path';
import { createHarness, Harness } from './helpers/harness';
import { databaseLabel } from './helpers/database';

describe(`case lookup on ${databaseLabel()}`, () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
    const lines = fs.readFileSync(path.resolve(__dirname, '../docs/examples/kpi-reference.ndjson'), 'utf8').trim().split('\n');
    await h.ingest(lines.map((l) => JSON.parse(l)).reverse());
  });
  afterAll(async () => { await h.close(); });

  const query = `query C($id: String, $reference: String, $asOf: DateTime) {
    case(id: $id, reference: $reference, asOf: $asOf) { id reference open status statusLabel assignee role roleLabel suspended deadline timeliness leadTimeDays closedAt }
  }`;

  it('finds an open case by reference, with its extended and suspension-moved deadline', async () => {
    const r = await h.gql(query, { reference: 'OP-2025-000001', asOf: '2025-03-31T12:00:00+02:00' });
    // A: due 3 Mar 09:00; +P6W extension → 14 Apr 09:00 (CEST); +10 days suspended → 24 Apr 09:00 CEST = 07:00Z.
    // Lead time: 6 Jan → 31 Mar = 25 + 28 + 31 = 84 days.
    expect(r.data.case).toEqual({
      id: 'A', reference: 'OP-2025-000001', open: true, status: 'in_behandeling', statusLabel: 'In behandeling genomen',
      assignee: 'anna', role: 'behandelaar', roleLabel: 'Behandelaar', suspended: false,
      deadline: '2025-04-24T07:00:00.000Z', timeliness: 'ON_TIME', leadTimeDays: 84, closedAt: null,
    });
  });

  it('moves the deadline with a running suspension', async () => {
    const r = await h.gql(query, { id: 'A', asOf: '2025-01-15T12:00:00+01:00' });
    // Suspended since 10 Jan 09:00: 5 days 3 hours so far; 3 Mar 09:00 + 5d 3h = 8 Mar 12:00 CET = 11:00Z.
    expect(r.data.case).toMatchObject({ suspended: true, deadline: '2025-03-08T11:00:00.000Z', timeliness: 'ON_TIME', leadTimeDays: 9 });
  });

  it('shows a closed case with its closing and lead time to the closing', async () => {
    const r = await h.gql(query, { id: 'B', asOf: '2025-03-31T12:00:00+02:00' });
    // B: 3 Feb → closed 20 Mar 09:00 CET (08:00Z) = 45 days, before its deadline 31 Mar 09:00 CEST.
    expect(r.data.case).toMatchObject({ open: false, closedAt: '2025-03-20T08:00:00.000Z', timeliness: 'ON_TIME', leadTimeDays: 45 });
  });

  it('shows an overdue case as overdue', async () => {
    const r = await h.gql(query, { id: 'C', asOf: '2025-03-31T12:00:00+02:00' });
    // C: 13 Jan 10:00 + 8 weeks = 10 Mar 10:00 CET = 09:00Z; past on 31 Mar.
    expect(r.data.case).toMatchObject({ open: true, deadline: '2025-03-10T09:00:00.000Z', timeliness: 'OVERDUE', leadTimeDays: 77 });
  });

  it('answers null for a case that does not exist, or not yet', async () => {
    expect((await h.gql(query, { id: 'nope' })).data.case).toBeNull();
    expect((await h.gql(query, { id: 'B', asOf: '2025-01-01T00:00:00Z' })).data.case).toBeNull();
  });

  it('refuses a lookup without id or reference', async () => {
    const r = await h.gql(query, {});
    expect(r.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
  });
});
