/** Page texts for import and export, zh first; kept beside the page so the shared dictionaries stay small. */
const zh = {
  title: '批量导入与导出',
  importTitle: '导入人员（xlsx / csv）',
  importHint: '表头为中文、顺序不限，上方可有标题行；支持GBK编码的CSV。有错误的行不影响其他行，导入后可下载错误报告。',
  template: '下载导入模板',
  choose: '选择文件',
  update: '更新已登记人员（信息不同时）',
  running: '正在导入',
  done: '导入完成',
  failed: '导入中断，重新导入同一文件即可从中断处继续',
  rows: '已处理 {{n}} 行',
  rate: '{{n}} 行/秒',
  eta: '预计剩余 {{s}} 秒',
  inserted: '新增',
  updated: '更新',
  unchanged: '已登记（无变化）',
  bad: '错误行',
  duplicates: '其中重复',
  warnings: '提示（疑似同一人，已导入）',
  warningTag: '提示',
  report: '下载错误报告',
  previewTitle: '错误行和提示（前{{n}}条，完整列表见错误报告）',
  row: '行号',
  column: '列',
  reason: '原因',
  exportTitle: '导出人员',
  division: '行政区划',
  format: '格式',
  fullIds: '导出完整身份证号（将逐人记录审计）',
  exportButton: '导出',
  exporting: '正在导出 {{n}} 人…',
  exported: '已导出',
};
export type ImportStrings = typeof zh;
const en: ImportStrings = {
  title: 'Bulk import and export',
  importTitle: 'Import persons (xlsx / csv)',
  importHint:
    'Chinese headers in any order, title rows above allowed, GBK CSV accepted. Bad rows never block good ones; download the error report afterwards.',
  template: 'Download the template',
  choose: 'Choose a file',
  update: 'Update registered persons whose data differs',
  running: 'Importing',
  done: 'Import finished',
  failed: 'The import stopped; import the same file again to resume',
  rows: '{{n}} rows processed',
  rate: '{{n}} rows/s',
  eta: 'about {{s}} s left',
  inserted: 'New',
  updated: 'Updated',
  unchanged: 'Already registered (unchanged)',
  bad: 'Bad rows',
  duplicates: 'of which duplicates',
  warnings: 'Warnings (possibly the same person; imported)',
  warningTag: 'warning',
  report: 'Download the error report',
  previewTitle: 'Bad rows and warnings (first {{n}}; the report has them all)',
  row: 'Row',
  column: 'Column',
  reason: 'Reason',
  exportTitle: 'Export persons',
  division: 'Division',
  format: 'Format',
  fullIds: 'Full ID numbers (audited per person)',
  exportButton: 'Export',
  exporting: 'Exporting {{n}} persons…',
  exported: 'Exported',
};

export function strings(lang: string): ImportStrings {
  return lang.startsWith('en') ? en : zh;
}

export function fill(text: string, values: Record<string, string | number>): string {
  return text.replace(/\{\{(\w+)\}\}/g, (_, k: string) => String(values[k] ?? ''));
}
