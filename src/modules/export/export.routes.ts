/** GET /api/exports/persons: streams an xlsx or csv of a division subtree in the user's scope. */
import { PassThrough } from 'node:stream';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { chinaToday } from '../../core/china-time.ts';
import { contentDisposition } from '../../core/filename.ts';
import { REGISTRY_ROLES } from '../../core/roles.ts';
import { fileBody } from '../../http/response-fields.ts';
import { withErrors } from '../../http/responses.ts';
import { actorOf, requireUser } from '../../http/session.ts';
import { getDivision } from '../divisions/index.ts';
import { divisionCode } from '../persons/index.ts';
import { exportPersons, prepareExport } from './export.service.ts';

const ExportQuery = z.strictObject({
  division: divisionCode,
  format: z.enum(['xlsx', 'csv']).default('xlsx'),
  idNumbers: z.enum(['masked', 'full']).default('masked'),
});

const TYPES = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
};

export function exportRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/exports/persons',
      {
        schema: {
          tags: ['exports'],
          querystring: ExportQuery,
          response: withErrors({
            200: fileBody('The persons in the division, as xlsx or CSV', TYPES.xlsx, 'text/csv'),
          }),
        },
        config: { access: REGISTRY_ROLES },
      },
      async (request, reply) => {
        const user = requireUser(request, REGISTRY_ROLES);
        const q = request.query;
        const options = { division: q.division, format: q.format, fullIdNumbers: q.idNumbers === 'full' };
        // Access and scope are checked before the response starts, so a refusal is a proper 4xx.
        const { total } = await prepareExport(ctx, user, options);
        const body = new PassThrough();
        exportPersons(ctx, user, actorOf(user, request), options, body).catch((err: Error) => {
          request.log.error({ err }, 'export failed');
          body.destroy(err);
        });
        const division = await getDivision(ctx.db, q.division);
        const name = `${division?.name ?? q.division}-流动人口-${chinaToday()}.${q.format}`;
        return reply
          .type(TYPES[q.format])
          .header('X-Total-Rows', String(total))
          .header('Content-Disposition', contentDisposition(name))
          .send(body);
      },
    );
  };
}
