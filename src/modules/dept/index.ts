/** The dept module's front door: what other modules, the HTTP app and the CLI may use (README, "Layout"). */
export { createDeptKey, listDeptKeys, revokeDeptKey } from './dept.keys.ts';
export { deptRoutes } from './dept.routes.ts';
