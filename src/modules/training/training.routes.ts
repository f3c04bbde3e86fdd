/** Staff training records (业务培训): list by year, record a session, the staff who may attend. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { REGISTRY_ROLES } from '../../core/roles.ts';
import { withErrors } from '../../http/responses.ts';
import { actorOf, requireUser } from '../../http/session.ts';
import { StaffList, TrainingCreate, TrainingList, TrainingQuery, TrainingView } from './training.schema.ts';
import { createTraining, listTrainings, TRAINING_ORGANISERS, trainableStaff } from './training.service.ts';

export function trainingRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['training'];

    app.get(
      '/api/trainings',
      {
        config: { access: REGISTRY_ROLES },
        schema: { tags, querystring: TrainingQuery, response: withErrors({ 200: TrainingList }) },
      },
      (request) => listTrainings(ctx, requireUser(request, REGISTRY_ROLES), request.query.year),
    );
    app.post(
      '/api/trainings',
      {
        config: { access: TRAINING_ORGANISERS },
        schema: { tags, body: TrainingCreate, response: withErrors({ 201: z.object({ training: TrainingView }) }) },
      },
      async (request, reply) => {
        const user = requireUser(request, TRAINING_ORGANISERS);
        return reply.code(201).send(await createTraining(ctx, user, actorOf(user, request), request.body));
      },
    );
    app.get(
      '/api/trainings/staff',
      { config: { access: TRAINING_ORGANISERS }, schema: { tags, response: withErrors({ 200: StaffList }) } },
      (request) => trainableStaff(ctx, requireUser(request, TRAINING_ORGANISERS)),
    );
  };
}
