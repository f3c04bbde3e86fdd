import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.ts';
import { SERVICE_STAFF } from '../../core/roles.ts';
import { actorOf, requireUser } from '../../http/session.ts';
import {
  IdParam,
  MovementCreate,
  PointCreate,
  PointListQuery,
  StockReportQuery,
  TransferCreate,
} from '../services/index.ts';
import {
  createPoint,
  getPoint,
  listPoints,
  recordMovement,
  restockAlerts,
  stockReport,
  transferStock,
} from './supplies.service.ts';

export function supplyRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['supplies'];

    app.get(
      '/api/distribution-points',
      { config: { access: SERVICE_STAFF }, schema: { tags, querystring: PointListQuery } },
      async (request) => listPoints(ctx, requireUser(request, SERVICE_STAFF), request.query),
    );

    app.post(
      '/api/distribution-points',
      { config: { access: SERVICE_STAFF }, schema: { tags, body: PointCreate } },
      async (request, reply) => {
        const user = requireUser(request, SERVICE_STAFF);
        return reply.code(201).send(await createPoint(ctx, user, actorOf(user, request), request.body));
      },
    );

    app.get(
      '/api/distribution-points/:id',
      { config: { access: SERVICE_STAFF }, schema: { tags, params: IdParam } },
      async (request) => getPoint(ctx, requireUser(request, SERVICE_STAFF), request.params.id),
    );

    app.post(
      '/api/distribution-points/:id/movements',
      { config: { access: SERVICE_STAFF }, schema: { tags, params: IdParam, body: MovementCreate } },
      async (request, reply) => {
        const user = requireUser(request, SERVICE_STAFF);
        const result = await recordMovement(ctx, user, actorOf(user, request), request.params.id, request.body);
        return reply.code(201).send(result);
      },
    );

    app.post(
      '/api/distribution-points/:id/transfers',
      { config: { access: SERVICE_STAFF }, schema: { tags, params: IdParam, body: TransferCreate } },
      async (request, reply) => {
        const user = requireUser(request, SERVICE_STAFF);
        const result = await transferStock(ctx, user, actorOf(user, request), request.params.id, request.body);
        return reply.code(201).send(result);
      },
    );

    app.get(
      '/api/stock/report',
      { config: { access: SERVICE_STAFF }, schema: { tags, querystring: StockReportQuery } },
      async (request) => stockReport(ctx, requireUser(request, SERVICE_STAFF), request.query.division),
    );

    app.get('/api/stock/alerts', { config: { access: SERVICE_STAFF }, schema: { tags } }, async (request) => {
      const user = requireUser(request, SERVICE_STAFF);
      return { items: await restockAlerts(ctx, user.divisionCode) };
    });
  };
}
