/** Response schemas of the division tree (divisions.routes.ts). */
import { z } from 'zod';
import { type Describes, DivisionRef } from '../../http/response-fields.ts';
import type { DivisionNode as DivisionNodeType } from './divisions.repository.ts';

export const DivisionNode = DivisionRef.extend({ parentCode: z.string().nullable(), hasChildren: z.boolean() });
true satisfies Describes<typeof DivisionNode, DivisionNodeType>;

export const DivisionList = z.object({ items: z.array(DivisionNode) });
/** A division and its path from the root (the division last). */
export const DivisionAnswer = z.object({ division: DivisionNode, path: z.array(DivisionRef) });
