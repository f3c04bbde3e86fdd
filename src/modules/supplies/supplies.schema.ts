/** Response schemas of the contraceptive supply routes (supplies.routes.ts); requests are in services.schema.ts. */
import { z } from 'zod';
import { MOVEMENT_KINDS, POINT_KINDS, SUPPLY_ITEMS } from '../../core/services-supply.ts';
import { Instant, Localized } from '../../http/response-fields.ts';

const Item = z.enum(SUPPLY_ITEMS);
/** An item's name and its unit, in both languages. */
const ItemLabel = Localized.extend({ unitZh: z.string(), unitEn: z.string() });

export const PointView = z.object({
  id: z.string(),
  name: z.string(),
  pointKind: z.enum(POINT_KINDS),
  kindLabel: Localized,
  division: z.string(),
  divisionName: z.string().nullable(),
  location: z.string(),
  keeper: z.string(),
  restockThreshold: z.number(),
  active: z.boolean(),
  stock: z.array(z.object({ item: Item, label: ItemLabel, balance: z.number(), low: z.boolean() })),
  needsRestock: z.boolean(),
});

export const PointList = z.object({ items: z.array(PointView) });
export const PointAnswer = z.object({ point: PointView });

/** A point, its stock and its movements, newest first. */
export const PointDetail = z.object({
  point: PointView,
  movements: z.array(
    z.object({
      id: z.string(),
      item: Item,
      itemLabel: ItemLabel,
      movementKind: z.enum(MOVEMENT_KINDS),
      quantity: z.number(),
      delta: z.number(),
      balanceAfter: z.number(),
      reason: z.string().nullable(),
      recipients: z.number().nullable(),
      toPerson: z.boolean(),
      counterpart: z.string().nullable(),
      actor: z.string().nullable(),
      at: Instant,
    }),
  ),
});

export const MovementAnswer = z.object({
  movement: z.object({
    id: z.string(),
    at: Instant,
    balance: z.number(),
    item: Item,
    movementKind: z.enum(MOVEMENT_KINDS),
  }),
});
export const TransferAnswer = z.object({
  transfer: z.object({ id: z.string(), fromBalance: z.number(), toBalance: z.number() }),
});

const Flows = { received: z.number(), dispensed: z.number(), recipients: z.number(), balance: z.number() };
/** Each point's balance and flows, the same per division below, and the balance per item. */
export const StockReport = z.object({
  division: z.string(),
  points: z.array(PointView.extend(Flows)),
  divisions: z.array(
    z.object({ division: z.string(), name: z.string(), points: z.number(), needRestock: z.number(), ...Flows }),
  ),
  byItem: z.array(z.object({ item: Item, label: ItemLabel, balance: z.number() })),
});

export const RestockAlert = z.object({
  pointId: z.string(),
  pointName: z.string(),
  division: z.string(),
  item: Item,
  itemLabel: ItemLabel,
  balance: z.number(),
  threshold: z.number(),
});
export const RestockAlerts = z.object({ items: z.array(RestockAlert) });
