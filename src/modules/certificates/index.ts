/** The certificates module's front door: what other modules, the HTTP app and the CLI may use (README, "Layout"). */
export { inflowPeople, issue, newOutflowPerson } from './certificates.fixtures.ts';
export type { CertificateIssued } from './certificates.hooks.ts';
export { certificateIssued } from './certificates.hooks.ts';
export { verifyLink } from './certificates.pdf.ts';
export type { CertificateRow } from './certificates.repository.ts';
export { findByNumber, latestForPerson, listForPerson } from './certificates.repository.ts';
export { CHECK_ROLES, certificateRoutes, ISSUE_ROLES, publicBaseUrl } from './certificates.routes.ts';
export { issueCertificate } from './certificates.service.ts';
export { activeSigningKey, keyRingFor, listPublicKeys, rotateSigningKey } from './signing-keys.ts';
