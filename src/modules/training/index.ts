/** The training module's front door: what the rest of the application may use (README, "Layout"). */
export type { TrainingFigures } from './training.repository.ts';
export { trainingFigures } from './training.repository.ts';
