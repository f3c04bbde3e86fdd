/** The certificates module's front door: what the rest of the application may use (README, "Layout"). */
export type { CertificateIssued } from './certificates.hooks.ts';
export { certificateIssued } from './certificates.hooks.ts';
export { registerCertificateMergeMoves } from './certificates.merge.ts';
export { verifyLink } from './certificates.pdf.ts';
export type { CertificateRow } from './certificates.repository.ts';
export { findByNumber, latestForPerson, listForPerson } from './certificates.repository.ts';
export { issueCertificate } from './certificates.service.ts';
export { activeSigningKey, keyRingFor, listPublicKeys, rotateSigningKey } from './signing-keys.ts';
