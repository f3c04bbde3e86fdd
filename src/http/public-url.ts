import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../context.ts';

/** The address printed in QR codes: LIUDONG_PUBLIC_URL, else the address the console was reached at. */
export function publicBaseUrl(ctx: AppContext, request: FastifyRequest): string {
  return ctx.config.publicUrl || `${request.protocol}://${request.host}`;
}
