/** The services module's front door: what other modules, the HTTP app and the CLI may use (README, "Layout"). */
export { loadServicesDemo } from './services.demo.ts';
export { serviceRoutes } from './services.routes.ts';
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
