/** The services module's front door: what other modules and the application code around them may use (README, "Layout"). */
export { loadServicesDemo } from './services.demo.ts';
export {
  DocParam,
  IdParam,
  isoDateString,
  MovementCreate,
  PointCreate,
  PointListQuery,
  StockReportQuery,
  TransferCreate,
} from './services.schema.ts';
