/** The services module's front door: what the rest of the application may use (README, "Layout"). */

export { registerServiceMergeMoves } from './services.merge.ts';
export {
  IdParam,
  isoDateString,
  MovementCreate,
  PointCreate,
  PointListQuery,
  StockReportQuery,
  TransferCreate,
} from './services.schema.ts';
