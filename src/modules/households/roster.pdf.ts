/**
 * The wall roster (名单和制度上墙): one A4 page per group with the households in order, the leader, the
 * month-by-month duty rota and the rules. It hangs in a stairwell, so it carries no ID or phone numbers of
 * residents, and household heads' names are masked (张*明); the village representative's phone is printed so
 * residents can reach them. Same CJK font as the certificates (Noto Sans SC from @embedpdf/fonts-sc).
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import { maskName } from '../../core/certificate.ts';
import { documentDate } from '../../core/china-time.ts';

const require = createRequire(import.meta.url);
const FONT_DIR = path.join(path.dirname(require.resolve('@embedpdf/fonts-sc')), '..', 'fonts');

export interface WallRoster {
  divisionName: string;
  groupName: string;
  leaderHouseholdId: string | null;
  households: { id: string; position: number | null; address: string; headName: string | null; size: number }[];
  representatives: { name: string; phone: string | null }[];
  rota: { month: string; householdId: string | null; skipped: string[] }[];
  rules: readonly string[];
  printedOn: string;
}

const RED = '#8c1c13';

function monthLabel(month: string): string {
  const [y, m] = month.split('-');
  return `${y}年${Number(m)}月`;
}

export async function renderWallRoster(r: WallRoster): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 0, info: { Title: `${r.groupName} 值班表` } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('regular', path.join(FONT_DIR, 'NotoSansHans-Regular.otf'));
  doc.registerFont('bold', path.join(FONT_DIR, 'NotoSansHans-Bold.otf'));

  const left = 48;
  const width = doc.page.width - 2 * left;
  doc
    .rect(28, 28, doc.page.width - 56, doc.page.height - 56)
    .lineWidth(1.5)
    .stroke(RED);
  doc
    .font('bold')
    .fontSize(20)
    .fillColor(RED)
    .text('十二户联勤小组名单和值班制度', left, 48, { width, align: 'center' });
  doc
    .font('regular')
    .fontSize(12)
    .fillColor('#000')
    .text(`${r.divisionName}　${r.groupName}`, { width, align: 'center' });

  const byId = new Map(r.households.map((h) => [h.id, h]));
  const label = (id: string | null) => {
    if (!id) return '组长代班';
    const h = byId.get(id);
    if (!h) return '（已退出小组）';
    return `${h.position ?? ''}号户 ${h.headName ? maskName(h.headName) : ''}`.trim();
  };

  // Households, in rota order.
  let y = doc.y + 14;
  doc.font('bold').fontSize(12).fillColor(RED).text('一、小组名单', left, y);
  y = doc.y + 4;
  const cols = [40, 230, 90, width - 360];
  const header = ['序号', '住址', '户主', '备注'];
  const row = (cells: string[], bold: boolean) => {
    let x = left;
    doc
      .font(bold ? 'bold' : 'regular')
      .fontSize(10)
      .fillColor('#000');
    const heights = cells.map((c, i) => doc.heightOfString(c, { width: (cols[i] as number) - 6 }));
    const h = Math.max(16, ...heights) + 4;
    for (const [i, c] of cells.entries()) {
      doc
        .rect(x, y, cols[i] as number, h)
        .lineWidth(0.5)
        .stroke('#888');
      doc.fillColor('#000').text(c, x + 3, y + 3, { width: (cols[i] as number) - 6 });
      x += cols[i] as number;
    }
    y += h;
  };
  row(header, true);
  for (const h of r.households) {
    row(
      [
        String(h.position ?? ''),
        h.address,
        h.headName ? maskName(h.headName) : '',
        [h.id === r.leaderHouseholdId ? '组长' : '', h.size > 0 ? `${h.size}人` : ''].filter(Boolean).join('　'),
      ],
      false,
    );
  }
  if (r.representatives.length > 0) {
    doc
      .font('regular')
      .fontSize(10)
      .fillColor('#000')
      .text(
        `联系村民代表：${r.representatives.map((p) => `${p.name}${p.phone ? `（${p.phone}）` : ''}`).join('、')}`,
        left,
        y + 4,
        { width },
      );
    y = doc.y;
  }

  // The rota, two columns of months.
  y += 12;
  doc.font('bold').fontSize(12).fillColor(RED).text('二、每月值班户', left, y);
  y = doc.y + 4;
  const half = Math.ceil(r.rota.length / 2);
  const colWidth = width / 2;
  const startY = y;
  let maxY = y;
  for (const [i, m] of r.rota.entries()) {
    const x = left + (i < half ? 0 : colWidth);
    const rowY = startY + (i % half) * 20;
    doc.rect(x, rowY, 80, 20).lineWidth(0.5).stroke('#888');
    doc
      .rect(x + 80, rowY, colWidth - 90, 20)
      .lineWidth(0.5)
      .stroke('#888');
    doc
      .font('bold')
      .fontSize(10)
      .fillColor('#000')
      .text(monthLabel(m.month), x + 4, rowY + 4, { width: 74 });
    const skippedNote = m.skipped.length > 0 ? `（${m.skipped.map((s) => label(s)).join('、')}外出顺延）` : '';
    doc
      .font('regular')
      .fontSize(m.skipped.length > 0 ? 8.5 : 10)
      .text(`${label(m.householdId)}${skippedNote}`, x + 84, rowY + 4, { width: colWidth - 98, height: 14 });
    maxY = Math.max(maxY, rowY + 20);
  }
  y = maxY + 14;

  doc.font('bold').fontSize(12).fillColor(RED).text('三、值班制度', left, y);
  doc.moveDown(0.2);
  for (const [i, rule] of r.rules.entries()) {
    doc
      .font('regular')
      .fontSize(10)
      .fillColor('#000')
      .text(`${i + 1}. ${rule}`, left, doc.y, { width, lineGap: 2 });
  }
  doc
    .font('regular')
    .fontSize(8.5)
    .fillColor('#666')
    .text(`打印日期：${documentDate(r.printedOn)}　本表不含身份证号、电话等个人信息。`, left, doc.page.height - 50, {
      width,
      align: 'center',
    });
  doc.end();
  return done;
}
