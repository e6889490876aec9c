import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../support/app.ts';
import { AGENCY_PROFILE, type Api, startAsAdmin } from '../support/given.ts';

/**
 * Issue 9 §5 (README, "PATCH" paragraph): a `PUT` takes back what the `GET` returned — the read-only
 * members (ids, timestamps, where a value came from) are accepted and ignored, by name and per route;
 * any other unknown field is still refused (422).
 */
let t: TestApp;
let api: Api;
let creditorId: string;

beforeAll(async () => {
  const world = await startAsAdmin();
  ({ t, api } = world);
  creditorId = (await world.given.creditor()).id;
  // The agency profile as configured (a new tenant's GET shows nulls, which the PUT rightly refuses).
  const agency = await api('PUT', '/api/v1/settings/agency', AGENCY_PROFILE);
  expect(agency.statusCode, agency.payload).toBe(200);
});
afterAll(async () => t?.close());

/** The resources whose PUT replaces what their GET shows, each by the path of both. */
async function resources(): Promise<string[]> {
  const cadence = (await api('GET', '/api/v1/cadences')).json().items[0].id as string;
  const template = (await api('GET', '/api/v1/templates')).json().items[0].id as string;
  return [
    `/api/v1/creditors/${creditorId}`,
    `/api/v1/creditors/${creditorId}/policy`,
    `/api/v1/cadences/${cadence}`,
    `/api/v1/templates/${template}`,
    '/api/v1/settings/agency',
    '/api/v1/settings/negotiation',
    '/api/v1/settings/limits',
  ];
}

describe('PUT takes back what GET returned', () => {
  it('every resource: GET, then PUT of the same body → 200', async () => {
    for (const path of await resources()) {
      const got = await api('GET', path);
      expect(got.statusCode, `${path}: ${got.payload}`).toBe(200);
      const put = await api('PUT', path, got.json());
      expect(put.statusCode, `PUT ${path}: ${put.payload}`).toBe(200);
    }
  });

  it('a read-only value sent back changes nothing; an unknown field is still refused', async () => {
    const path = `/api/v1/creditors/${creditorId}`;
    const before = (await api('GET', path)).json();
    const put = await api('PUT', path, {
      ...before,
      id: '00000000-0000-0000-0000-000000000000',
      createdAt: '2000-01-01',
    });
    expect(put.statusCode, put.payload).toBe(200);
    expect(put.json()).toMatchObject({ id: creditorId, createdAt: before.createdAt });

    const unknown = await api('PUT', path, { ...before, nickname: 'x' });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().errors).toEqual([expect.objectContaining({ field: 'nickname' })]);

    const policy = (await api('GET', `/api/v1/creditors/${creditorId}/policy`)).json() as object;
    const wrongSource = await api('PUT', `/api/v1/creditors/${creditorId}/policy`, {
      ...policy,
      creditorId: '00000000-0000-0000-0000-000000000000',
    });
    expect(wrongSource.statusCode, wrongSource.payload).toBe(200);
    expect(wrongSource.json()).toMatchObject({ creditorId, source: 'creditor' });
  });
});
