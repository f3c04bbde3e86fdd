/** The import module's front door: what other modules, the HTTP app and the CLI may use (README, "Layout"). */
export { cliActor, cliUser, registerImportCommand } from './import.cli.ts';
export { csvRows } from './import.readers.ts';
export type { NewPerson } from './import.repository.ts';
export { insertPeople, nameBirthMatchesManyQuery } from './import.repository.ts';
export { importRoutes } from './import.routes.ts';
export { importFile, reportRows } from './import.test-support.ts';
export { sweepUploads } from './import.uploads.ts';
