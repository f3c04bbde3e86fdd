/**
 * Types of the server's answers and request bodies, read off the generated `paths` (schema.gen.ts) so a field
 * renamed on the server fails the typecheck here instead of a page at run time. Nothing in it is written by hand.
 */
import type { paths } from './schema.gen';

export type Path = keyof paths;
type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type Operation<P extends Path, M extends Method> = NonNullable<paths[P][M]>;
type Json<R> = R extends { content: { 'application/json': infer B } } ? B : never;
type Success<Responses> = {
  [S in keyof Responses]: S extends 200 | 201 | 202 | '200' | '201' | '202' ? Json<Responses[S]> : never;
}[keyof Responses];

/** The JSON body of a 2xx answer: `Answer<'/api/persons/{id}'>['person']`. */
export type Answer<P extends Path, M extends Method = 'get'> =
  Operation<P, M> extends { responses: infer R } ? Success<R> : never;

/** The JSON request body of an operation. */
export type Body<P extends Path, M extends Method = 'post'> =
  Operation<P, M> extends {
    requestBody?: { content: { 'application/json': infer B } };
  }
    ? B
    : never;

/** The query parameters of an operation. */
export type Query<P extends Path, M extends Method = 'get'> =
  Operation<P, M> extends {
    parameters: { query?: infer Q };
  }
    ? NonNullable<Q>
    : never;

/** One element of an array type: `Item<Answer<'/api/persons'>['items']>`. */
export type Item<A> = A extends readonly (infer T)[] ? T : never;
