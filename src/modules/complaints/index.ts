/** The complaints module's front door: what the rest of the application may use (README, "Layout"). */

export { registerComplaintMergeMoves } from './complaints.merge.ts';
export { attachmentsFor, findComplaintOfPerson, listComplaintsOfPerson } from './complaints.repository.ts';
export { AttachmentBody, minText, RatingBody, ResidentComplaint, ResidentComplaintView } from './complaints.schema.ts';
export { COMPLAINT, complaintWorklist, fileFromPortal, rateComplaint, residentView } from './complaints.service.ts';
