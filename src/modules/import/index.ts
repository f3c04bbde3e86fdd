/** The import module's front door: what other modules, the server and the CLI may use (README, "Layout"). */
export { DivisionResolver } from './import.divisions.ts';
export { csvRows } from './import.readers.ts';
export { nameBirthMatchesManyQuery } from './import.repository.ts';
export { sweepUploads } from './import.uploads.ts';
