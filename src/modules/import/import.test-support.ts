/** Upload-and-wait helpers for import tests that run the real app (see import.test.ts for the first user). */

import { expect } from 'vitest';
import type { TestEnv } from '../../../test/support/context.ts';
import ExcelJS, { type CellValue } from '../../http/exceljs.ts';

export interface JobView {
  id: string;
  status: string;
  inserted: number;
  updated: number;
  unchanged: number;
  failed: number;
  duplicates: number;
  warnings: number;
}

function multipart(cookie: string, fileName: string, content: Buffer) {
  const boundary = '----liudongtest';
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`;
  return {
    payload: Buffer.concat([Buffer.from(head), content, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    headers: { cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

/** Uploads and waits for the background import to finish. */
export async function importFile(
  env: TestEnv,
  cookie: string,
  fileName: string,
  content: Buffer | string,
  update = false,
): Promise<JobView> {
  const body = multipart(cookie, fileName, Buffer.isBuffer(content) ? content : Buffer.from(content));
  const res = await env.app.inject({ method: 'POST', url: `/api/imports/persons?update=${update}`, ...body });
  expect(res.statusCode, res.body).toBe(202);
  const id = (res.json() as { job: JobView }).job.id;
  for (;;) {
    const poll = await env.app.inject({ method: 'GET', url: `/api/imports/${id}`, headers: { cookie } });
    const job = (poll.json() as { job: JobView }).job;
    if (job.status !== 'running') return job;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The error report's rows (header first), parsed back from the xlsx; inline text cells as their text. */
export async function reportRows(env: TestEnv, cookie: string, jobId: string): Promise<CellValue[][]> {
  const res = await env.app.inject({ method: 'GET', url: `/api/imports/${jobId}/errors.xlsx`, headers: { cookie } });
  expect(res.statusCode).toBe(200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  const rows: CellValue[][] = [];
  wb.worksheets[0]?.eachRow((row) =>
    rows.push(
      (row.values as CellValue[])
        .slice(1)
        .map((v) => (v && typeof v === 'object' && 'richText' in v ? v.richText.map((r) => r.text).join('') : v)),
    ),
  );
  return rows;
}
