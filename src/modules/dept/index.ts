/** The dept module's front door: what the rest of the application may use (README, "Layout"). */
export { createDeptKey, listDeptKeys, revokeDeptKey } from './dept.keys.ts';
