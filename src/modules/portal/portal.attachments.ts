/** A resident adds a photo or scan to their own complaint: one file per request, at most MAX_PER_COMPLAINT. */
import crypto from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../core/errors.ts';
import { MAX_ATTACHMENT_BYTES, safeFileName, sniffUploadType } from '../../core/uploads.ts';
import { uploadedBytes, uploadedFile } from '../../http/multipart.ts';
import { writeAudit } from '../audit/index.ts';
import { COMPLAINT, findComplaintOfPerson } from '../complaints/index.ts';
import type { Resident } from './portal.service.ts';

const MAX_PER_COMPLAINT = 3;

const unsupported = () =>
  new AppError('UNSUPPORTED_MEDIA_TYPE', 415, {
    zh: '只能上传照片（JPG、PNG）或PDF文件',
    en: 'Only photos (JPG, PNG) or PDF files can be uploaded',
  });
const tooLarge = () =>
  new AppError('PAYLOAD_TOO_LARGE', 413, {
    zh: `文件不能超过${MAX_ATTACHMENT_BYTES / 1024 / 1024}MB`,
    en: `The file must not exceed ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB`,
  });

export async function addAttachment(ctx: AppContext, resident: Resident, complaintId: string, request: FastifyRequest) {
  const complaint = await findComplaintOfPerson(ctx.db, complaintId, resident.person.id);
  if (!complaint) throw AppError.notFound(COMPLAINT);
  if (!request.isMultipart()) throw unsupported();
  const part = await uploadedFile(request, tooLarge);
  if (!part) throw unsupported();
  const data = await uploadedBytes(part, tooLarge);
  if (data.length > MAX_ATTACHMENT_BYTES) throw tooLarge();
  const type = sniffUploadType(data.subarray(0, 16));
  if (!type || data.length === 0) throw unsupported();
  return ctx.db.transaction().execute(async (trx) => {
    const count = await trx
      .selectFrom('complaint_attachment')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('complaint_id', '=', complaint.id)
      .executeTakeFirstOrThrow();
    if (Number(count.n) >= MAX_PER_COMPLAINT) {
      throw new AppError('VERSION_CONFLICT', 409, {
        zh: `每件最多上传${MAX_PER_COMPLAINT}个文件`,
        en: `At most ${MAX_PER_COMPLAINT} files per complaint`,
      });
    }
    const row = await trx
      .insertInto('complaint_attachment')
      .values({
        complaint_id: complaint.id,
        division_code: complaint.division_code,
        content_type: type,
        file_name: safeFileName(part.filename ?? '', type),
        size: data.length,
        sha256: crypto.createHash('sha256').update(data).digest('hex'),
        data,
      })
      .returning(['id', 'file_name', 'size', 'content_type'])
      .executeTakeFirstOrThrow();
    await writeAudit(trx, resident.actor, {
      action: 'portal.complaint_attachment',
      entity: 'complaint',
      entityId: complaint.id,
      personIds: [resident.person.id],
      details: { type, size: data.length },
    });
    return { id: row.id, fileName: row.file_name, size: row.size, contentType: row.content_type };
  });
}
