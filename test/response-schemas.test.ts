/**
 * Response schemas (issue 23): every API route declares what it answers, success and errors, so the OpenAPI
 * document at /docs/json is complete and the serializer checks each body a handler returns. Walked from the app's
 * own route table, like the authorization matrix, so a new route cannot ship without one.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildApp } from '../src/http/app.ts';
import { withErrors } from '../src/http/responses.ts';
import { createTestEnv, type TestEnv } from './support/context.ts';

const WRONG_SHAPE = '/api/test-only/wrong-shape';
const EXTRA_FIELD = '/api/test-only/extra-field';

let env: TestEnv;
let app: FastifyInstance;
beforeAll(async () => {
  env = await createTestEnv();
  app = await buildApp(env.ctx);
  // A throwaway route whose handler breaks its own declared answer: the serializer must refuse it.
  app.withTypeProvider<ZodTypeProvider>().get(
    WRONG_SHAPE,
    {
      schema: { response: withErrors({ 200: z.object({ count: z.number() }) }) },
      config: { access: 'public' },
    },
    // The cast stands for a handler whose types lie (a service returning `any`, a JSON column).
    async () => ({ count: 'three' }) as unknown as { count: number },
  );
  // A handler returning a field its schema forgot: stripping it silently would hide it from the console.
  app.withTypeProvider<ZodTypeProvider>().get(
    EXTRA_FIELD,
    {
      schema: { response: withErrors({ 200: z.object({ items: z.array(z.object({ id: z.string() })) }) }) },
      config: { access: 'public' },
    },
    async () => ({ items: [{ id: 'a', secret: 'three' }] }),
  );
  await app.ready();
});
afterAll(async () => {
  await app.close();
  await env.close();
});

const apiRoutes = () =>
  app.routeTable.filter(
    (r) => r.url.startsWith('/api/') && r.method !== 'HEAD' && !r.url.startsWith('/api/test-only/'),
  );

describe('every API route declares its answers', () => {
  it('has a success response schema', () => {
    const missing = apiRoutes()
      .filter((r) => !r.responses.some((code) => /^[23]/.test(code)))
      .map((r) => `${r.method} ${r.url}`);
    expect(missing).toEqual([]);
  });

  it('declares the one error shape for 4xx and 5xx', () => {
    const missing = apiRoutes()
      .filter((r) => !(r.responses.includes('4xx') && r.responses.includes('5xx')))
      .map((r) => `${r.method} ${r.url}`);
    expect(missing).toEqual([]);
  });

  it('publishes every declared answer in the OpenAPI document', async () => {
    const res = await app.inject({ method: 'GET', url: '/docs/json' });
    expect(res.statusCode).toBe(200);
    const paths = res.json().paths as Record<string, Record<string, { responses?: Record<string, unknown> }>>;
    const missing: string[] = [];
    for (const r of apiRoutes().filter((route) => route.responses.length > 0)) {
      const openapiPath = r.url.replace(/:(\w+)/g, '{$1}');
      const documented = Object.keys(paths[openapiPath]?.[r.method.toLowerCase()]?.responses ?? {});
      for (const code of r.responses) {
        if (!documented.includes(code.toUpperCase()) && !documented.includes(code)) {
          missing.push(`${r.method} ${r.url} ${code}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });
});

describe('the serializer checks what a handler returns', () => {
  it('answers a body of the wrong shape with the one error shape: 500 and a correlation id, no internals', async () => {
    const res = await app.inject({ method: 'GET', url: WRONG_SHAPE, headers: { 'accept-language': 'en' } });
    expect(res.statusCode).toBe(500);
    const body = res.json();
    expect(body).toEqual({
      error: {
        code: 'INTERNAL',
        message: expect.any(String),
        issues: [],
        correlationId: expect.any(String),
      },
    });
    expect(res.body).not.toContain('three');
    expect(res.body).not.toMatch(/stack|at .*\.ts/);
  });

  it('refuses a field the schema does not declare, rather than dropping it unseen', async () => {
    const res = await app.inject({ method: 'GET', url: EXTRA_FIELD });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toMatchObject({ error: { code: 'INTERNAL', correlationId: expect.any(String) } });
    expect(res.body).not.toContain('three');
  });

  it("passes an error through the route's declared error shape, details included", async () => {
    const cookie = await env.login('admin');
    const res = await app.inject({ method: 'GET', url: '/api/persons?pageSize=0', headers: { cookie } });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      error: { code: 'VALIDATION', issues: [{ path: 'pageSize', message: expect.any(String) }] },
    });
  });
});
