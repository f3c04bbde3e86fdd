/** The complaints module's front door: what other modules and the application code around them may use (README, "Layout"). */
export { attachmentsFor, findComplaintOfPerson, listComplaintsOfPerson } from './complaints.repository.ts';
export { minText, RatingBody, ResidentComplaint } from './complaints.schema.ts';
export { COMPLAINT, complaintWorklist, fileFromPortal, rateComplaint, residentView } from './complaints.service.ts';
