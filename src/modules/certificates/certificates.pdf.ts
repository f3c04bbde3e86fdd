/**
 * A4 certificates as PDF. The CJK font comes from the npm package @embedpdf/fonts-sc (Noto Sans SC,
 * OFL-1.1), so Chinese renders on a fresh machine after `npm install` alone; pdfkit embeds only the glyphs
 * used. The QR code links to the public verify page with the signed payload after '#', which never reaches
 * the server's logs; the page and `liudong keys verify` both accept it.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { KIND_LABELS } from '../../core/certificate.ts';
import { documentDate } from '../../core/china-time.ts';
import { MARITAL_LABELS, type MaritalStatus } from '../../core/person.ts';
import type { CertificateFactsColumn } from '../../db/schema.ts';

const require = createRequire(import.meta.url);
const FONT_DIR = path.join(path.dirname(require.resolve('@embedpdf/fonts-sc')), '..', 'fonts');
const FONT_REGULAR = path.join(FONT_DIR, 'NotoSansHans-Regular.otf');
const FONT_BOLD = path.join(FONT_DIR, 'NotoSansHans-Bold.otf');

export interface PrintableCertificate {
  facts: CertificateFactsColumn;
  payload: string;
  status: string;
}

const SEX = { M: '男', F: '女' } as const;

export function verifyLink(baseUrl: string, payload: string): string {
  return `${baseUrl.replace(/\/$/, '')}/verify#${payload}`;
}

async function drawPage(doc: PDFKit.PDFDocument, cert: PrintableCertificate, baseUrl: string): Promise<void> {
  const f = cert.facts;
  const left = 72;
  const width = doc.page.width - 2 * left;
  doc
    .rect(40, 40, doc.page.width - 80, doc.page.height - 80)
    .lineWidth(1.5)
    .stroke('#8c1c13');
  doc.font('bold').fontSize(24).fillColor('#8c1c13').text('流动人口婚育情况证明', left, 90, { width, align: 'center' });
  doc.font('regular').fontSize(11).fillColor('#444').text(KIND_LABELS[f.kind].en, { width, align: 'center' });
  if (f.kind === 'temporary') doc.fontSize(12).fillColor('#8c1c13').text('（临时证明）', { width, align: 'center' });
  doc.moveDown(0.5).fontSize(11).fillColor('#000').text(`编号 No. ${f.number}`, { width, align: 'center' });

  const rows: [string, string][] = [
    ['姓名', f.name],
    ['性别', SEX[f.sex]],
    ['公民身份号码', f.idNumberMasked],
    ['婚姻状况', MARITAL_LABELS[f.maritalStatus as MaritalStatus]?.zh ?? f.maritalStatus],
    [
      '子女情况',
      f.children.length === 0
        ? '无'
        : `${f.children.length}个：${f.children.map((c) => `${SEX[c.sex]}（${c.birthYear}年生）`).join('、')}`,
    ],
    ['签发机关', f.issuerName],
    ['签发日期', documentDate(f.issuedOn)],
    ['有效期至', documentDate(f.expiresOn)],
  ];
  let y = 210;
  doc.fontSize(14);
  for (const [label, value] of rows) {
    doc
      .font('bold')
      .fillColor('#333')
      .text(label, left + 10, y, { width: 120 });
    doc
      .font('regular')
      .fillColor('#000')
      .text(value, left + 140, y, { width: width - 150 });
    y = Math.max(y + 34, doc.y + 14);
    doc
      .moveTo(left + 10, y - 10)
      .lineTo(left + width, y - 10)
      .lineWidth(0.3)
      .stroke('#bbb');
  }

  const qr = await QRCode.toBuffer(verifyLink(baseUrl, cert.payload), {
    errorCorrectionLevel: 'M',
    margin: 2,
    scale: 8,
  });
  const qrSize = 170;
  const qrY = y + 20;
  doc.image(qr, left + 10, qrY, { width: qrSize, height: qrSize });
  doc
    .font('regular')
    .fontSize(10.5)
    .fillColor('#333')
    .text(
      '扫描二维码或访问核验页面输入证明编号，可核验本证明的真伪和当前状态（有效、过期、撤销、换发）。' +
        '核验页面只显示脱敏信息。本证明依申请提供，任何单位不得以未持有本证明为由拒绝办理婚姻登记、入学或居住证等事项。',
      left + qrSize + 30,
      qrY + 6,
      { width: width - qrSize - 40, lineGap: 4 },
    );
  doc
    .fontSize(10)
    .fillColor('#8c1c13')
    .text(`${baseUrl.replace(/\/$/, '')}/verify`, { width: width - qrSize - 40 });
  if (cert.status !== 'valid') {
    doc
      .font('bold')
      .fontSize(40)
      .fillColor('#cf1322')
      .opacity(0.35)
      .text(cert.status === 'revoked' ? '已撤销' : cert.status === 'replaced' ? '已换发' : '已过期', left, 420, {
        width,
        align: 'center',
      })
      .opacity(1);
  }
  doc
    .font('regular')
    .fontSize(9)
    .fillColor('#666')
    .text('电子证明由流动（Liudong）平台以Ed25519数字签名签发，离线亦可核验。', left, doc.page.height - 90, {
      width,
      align: 'center',
    });
}

/** Renders certificates into one PDF, one A4 page each, reporting progress after each page. */
export async function renderCertificatesPdf(
  certs: PrintableCertificate[],
  baseUrl: string,
  onProgress?: (done: number, total: number) => void,
): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 0, autoFirstPage: false, info: { Title: '流动人口婚育情况证明' } });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('regular', FONT_REGULAR);
  doc.registerFont('bold', FONT_BOLD);
  for (let i = 0; i < certs.length; i++) {
    doc.addPage({ size: 'A4', margin: 0 });
    await drawPage(doc, certs[i] as PrintableCertificate, baseUrl);
    onProgress?.(i + 1, certs.length);
    // Let other requests run between pages of a long batch.
    await new Promise((resolve) => setImmediate(resolve));
  }
  doc.end();
  return finished;
}
