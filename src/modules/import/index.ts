/** The import module's front door: what other modules, the server and the CLI may use (README, "Layout"). */
export { csvRows } from './import.readers.ts';
export type { NewPerson } from './import.repository.ts';
export { insertPeople, nameBirthMatchesManyQuery } from './import.repository.ts';
export { sweepUploads } from './import.uploads.ts';
