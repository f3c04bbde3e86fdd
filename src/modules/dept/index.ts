/** The dept module's front door: what other modules and the application code around them may use (README, "Layout"). */
export { createDeptKey, listDeptKeys, revokeDeptKey } from './dept.keys.ts';
