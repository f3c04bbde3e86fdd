/** The printed certificate: Chinese text renders, and its QR code carries a payload that verifies. */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../../test/support/context.ts';
import { extractPayload, verifyPayload } from '../../core/certificate-payload.ts';
import { issue, newOutflowPerson } from './certificates.fixtures.ts';
import { keyRingFor } from './signing-keys.ts';

let env: TestEnv;
let township: string;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'liudong-pdf-'));

beforeAll(async () => {
  env = await createTestEnv();
  township = await env.login('township');
});
afterAll(async () => {
  await env.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

async function newCertificate() {
  const person = await newOutflowPerson(env, township, { name: '欧阳晓薇' });
  return (await issue(env, township, { personId: person.id, kind: 'standard' })).json().certificate;
}

/** Renders page 1 with poppler's pdftoppm (Debian poppler-utils); a missing tool fails the test. */
function renderFirstPage(pdf: Buffer): PNG {
  const file = path.join(tmp, `${Date.now()}.pdf`);
  fs.writeFileSync(file, pdf);
  execFileSync('pdftoppm', ['-r', '150', '-png', '-singlefile', '-f', '1', file, file]);
  return PNG.sync.read(fs.readFileSync(`${file}.png`));
}

function pdfText(pdf: Buffer): string {
  const file = path.join(tmp, `${Date.now()}-t.pdf`);
  fs.writeFileSync(file, pdf);
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}

describe('certificate PDF', () => {
  it('is an A4 PDF whose Chinese text is real text in an embedded font', async () => {
    const cert = await newCertificate();
    const res = await env.app.inject({
      method: 'GET',
      url: `/api/certificates/${cert.id}/pdf`,
      headers: { cookie: township },
    });
    expect(res.headers['content-type']).toBe('application/pdf');
    const text = pdfText(res.rawPayload);
    expect(text).toContain('流动人口婚育情况证明');
    expect(text).toContain('欧阳晓薇');
    expect(text).toContain(cert.number);
    const info = execFileSync('pdfinfo', ['-'], { input: res.rawPayload, encoding: 'utf8' });
    expect(info).toMatch(/Page size:\s+595\.28 x 841\.89 pts \(A4\)/);
  });

  it('carries a QR code that decodes to a payload verifying offline', async () => {
    const cert = await newCertificate();
    const res = await env.app.inject({
      method: 'GET',
      url: `/api/certificates/${cert.id}/pdf`,
      headers: { cookie: township },
    });
    const png = renderFirstPage(res.rawPayload);
    const code = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
    expect(code?.data).toContain('/verify#LD1.');
    const check = verifyPayload(extractPayload(code?.data ?? ''), await keyRingFor(env.ctx.db).keys());
    expect(check).toMatchObject({ ok: true, facts: { number: cert.number } });
  });
});

describe('batch print', () => {
  it('renders many certificates into one PDF, one page each, reporting progress', async () => {
    const ids = [(await newCertificate()).id, (await newCertificate()).id, (await newCertificate()).id];
    const start = await env.app.inject({
      method: 'POST',
      url: '/api/certificates/print-jobs',
      headers: { cookie: township },
      payload: { ids },
    });
    expect(start.statusCode).toBe(202);
    const jobId = start.json().job.id;
    let job = start.json().job;
    while (job.state === 'running') {
      await new Promise((r) => setTimeout(r, 50));
      job = (
        await env.app.inject({
          method: 'GET',
          url: `/api/certificates/print-jobs/${jobId}`,
          headers: { cookie: township },
        })
      ).json().job;
    }
    expect(job).toMatchObject({ state: 'done', done: 3, total: 3 });
    const pdf = await env.app.inject({
      method: 'GET',
      url: `/api/certificates/print-jobs/${jobId}/pdf`,
      headers: { cookie: township },
    });
    const info = execFileSync('pdfinfo', ['-'], { input: pdf.rawPayload, encoding: 'utf8' });
    expect(info).toMatch(/Pages:\s+3/);
  });

  it('refuses the whole batch when one certificate is outside the jurisdiction', async () => {
    const ids = [(await newCertificate()).id];
    const other = await env.login('township2');
    const res = await env.app.inject({
      method: 'POST',
      url: '/api/certificates/print-jobs',
      headers: { cookie: other },
      payload: { ids },
    });
    expect(res.statusCode).toBe(404);
  });

  it('shows a job only to the user who started it', async () => {
    const ids = [(await newCertificate()).id];
    const start = await env.app.inject({
      method: 'POST',
      url: '/api/certificates/print-jobs',
      headers: { cookie: township },
      payload: { ids },
    });
    const admin = await env.login('admin');
    const res = await env.app.inject({
      method: 'GET',
      url: `/api/certificates/print-jobs/${start.json().job.id}`,
      headers: { cookie: admin },
    });
    expect(res.statusCode).toBe(404);
  });
});
