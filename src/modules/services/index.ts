/** The services module's front door: what other modules and the application code around them may use (README, "Layout"). */
export {
  IdParam,
  isoDateString,
  MovementCreate,
  PointCreate,
  PointListQuery,
  StockReportQuery,
  TransferCreate,
} from './services.schema.ts';
