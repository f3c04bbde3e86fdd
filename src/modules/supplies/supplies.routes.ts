import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.ts';
import { SERVICE_STAFF } from '../../core/roles.ts';
import { withErrors } from '../../http/responses.ts';
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
  MovementAnswer,
  PointAnswer,
  PointDetail,
  PointList,
  RestockAlerts,
  StockReport,
  TransferAnswer,
} from './supplies.schema.ts';
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
      {
        config: { access: SERVICE_STAFF },
        schema: { tags, querystring: PointListQuery, response: withErrors({ 200: PointList }) },
      },
      async (request) => listPoints(ctx, requireUser(request, SERVICE_STAFF), request.query),
    );

    app.post(
      '/api/distribution-points',
      {
        config: { access: SERVICE_STAFF },
        schema: { tags, body: PointCreate, response: withErrors({ 201: PointAnswer }) },
      },
      async (request, reply) => {
        const user = requireUser(request, SERVICE_STAFF);
        return reply.code(201).send(await createPoint(ctx, user, actorOf(user, request), request.body));
      },
    );

    app.get(
      '/api/distribution-points/:id',
      {
        config: { access: SERVICE_STAFF },
        schema: { tags, params: IdParam, response: withErrors({ 200: PointDetail }) },
      },
      async (request) => getPoint(ctx, requireUser(request, SERVICE_STAFF), request.params.id),
    );

    app.post(
      '/api/distribution-points/:id/movements',
      {
        config: { access: SERVICE_STAFF },
        schema: { tags, params: IdParam, body: MovementCreate, response: withErrors({ 201: MovementAnswer }) },
      },
      async (request, reply) => {
        const user = requireUser(request, SERVICE_STAFF);
        const result = await recordMovement(ctx, user, actorOf(user, request), request.params.id, request.body);
        return reply.code(201).send(result);
      },
    );

    app.post(
      '/api/distribution-points/:id/transfers',
      {
        config: { access: SERVICE_STAFF },
        schema: { tags, params: IdParam, body: TransferCreate, response: withErrors({ 201: TransferAnswer }) },
      },
      async (request, reply) => {
        const user = requireUser(request, SERVICE_STAFF);
        const result = await transferStock(ctx, user, actorOf(user, request), request.params.id, request.body);
        return reply.code(201).send(result);
      },
    );

    app.get(
      '/api/stock/report',
      {
        config: { access: SERVICE_STAFF },
        schema: { tags, querystring: StockReportQuery, response: withErrors({ 200: StockReport }) },
      },
      async (request) => stockReport(ctx, requireUser(request, SERVICE_STAFF), request.query.division),
    );

    app.get(
      '/api/stock/alerts',
      { config: { access: SERVICE_STAFF }, schema: { tags, response: withErrors({ 200: RestockAlerts }) } },
      async (request) => {
        const user = requireUser(request, SERVICE_STAFF);
        return { items: await restockAlerts(ctx, user.divisionCode) };
      },
    );
  };
}
