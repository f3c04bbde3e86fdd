import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../core/errors.ts';
import { withErrors } from '../../http/responses.ts';
import { requireUser } from '../../http/session.ts';
import { getDivision, getPath, listChildren, listRoots, searchDivisions } from './divisions.repository.ts';
import { DivisionAnswer, DivisionList } from './divisions.schema.ts';

const CodeParam = z.strictObject({
  code: z.string().refine((v) => v === 'root' || /^\d{12}$/.test(v), {
    params: { zh: '应为12位区划代码', en: 'must be a 12-digit division code' },
  }),
});
const DIVISION = { zh: '行政区划', en: 'Division' };

export function divisionRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/divisions',
      {
        schema: {
          tags: ['divisions'],
          querystring: z.strictObject({
            q: z.string().trim().min(1).max(40),
            limit: z.coerce.number().int().min(1).max(100).default(20),
          }),
          response: withErrors({ 200: DivisionList }),
        },
      },
      async (request) => {
        const user = requireUser(request);
        return { items: await searchDivisions(ctx.db, request.query.q, request.query.limit, user.divisionCode) };
      },
    );

    app.get(
      '/api/divisions/:code/children',
      {
        schema: { tags: ['divisions'], params: CodeParam, response: withErrors({ 200: DivisionList }) },
        config: { access: 'staff' },
      },
      async (request) => {
        requireUser(request);
        const { code } = request.params;
        if (code === 'root') return { items: await listRoots(ctx.db) };
        if (!(await getDivision(ctx.db, code))) throw AppError.notFound(DIVISION);
        return { items: await listChildren(ctx.db, code) };
      },
    );

    app.get(
      '/api/divisions/:code',
      {
        schema: { tags: ['divisions'], params: CodeParam, response: withErrors({ 200: DivisionAnswer }) },
        config: { access: 'staff' },
      },
      async (request) => {
        requireUser(request);
        const division = request.params.code === 'root' ? null : await getDivision(ctx.db, request.params.code);
        if (!division) throw AppError.notFound(DIVISION);
        return { division, path: await getPath(ctx.db, division.code) };
      },
    );
  };
}
