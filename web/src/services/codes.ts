/** The codes of the services screens' choices; their labels are the `services` namespace's groups of the same name. */
import text from './locales';

export type ServiceKind = keyof typeof text.zh.serviceKinds;
export type PointKind = keyof typeof text.zh.pointKinds;
export type Item = keyof typeof text.zh.items;
export type DocumentKind = keyof typeof text.zh.documentKinds;

export const SERVICE_KINDS = Object.keys(text.zh.serviceKinds) as ServiceKind[];
export const POINT_KINDS = Object.keys(text.zh.pointKinds) as PointKind[];
export const ITEMS = Object.keys(text.zh.items) as Item[];
export const DOCUMENT_KINDS = Object.keys(text.zh.documentKinds) as DocumentKind[];
