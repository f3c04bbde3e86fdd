/**
 * Honest feedback on an import (issue 20, part 5): per category, how many rows, and what to do about them.
 * One source for the CLI's output, the API's result, the error report's summary sheet and the console.
 */
import type { LocalizedText } from './errors.ts';

export interface ImportCounts {
  inserted: number;
  updated: number;
  unchanged: number;
  /** Rows refused (duplicates included). */
  failed: number;
  duplicates: number;
  /** Rows imported (or unchanged) with something worth a look. */
  warnings: number;
}

export type SummaryCategory = 'inserted' | 'updated' | 'unchanged' | 'refused' | 'warned';

export interface SummaryLine {
  category: SummaryCategory;
  count: number;
  label: LocalizedText;
  advice: LocalizedText;
}

/**
 * Every category, zero counts included (an honest "0 refused" is information too). `dryRun`: nothing was
 * written, so the words say what an import would do; `update`: whether registered people were updated.
 */
export function importSummary(c: ImportCounts, options: { update: boolean; dryRun?: boolean }): SummaryLine[] {
  const would = options.dryRun === true;
  const dup =
    c.duplicates > 0
      ? {
          zh: `其中${c.duplicates}行是重复的身份证号或与登记信息不同的已登记人员；`,
          en: `${c.duplicates} of them repeat an ID number or differ from a registered person; `,
        }
      : { zh: '', en: '' };
  return [
    {
      category: 'inserted',
      count: c.inserted,
      label: would ? { zh: '将新增', en: 'Would be new' } : { zh: '新增', en: 'New' },
      advice: would
        ? { zh: '正式导入时登记为新人员', en: 'registered as new persons by the real import' }
        : { zh: '已登记为新人员，无需操作', en: 'registered as new persons; nothing to do' },
    },
    {
      category: 'updated',
      count: c.updated,
      label: would ? { zh: '将更新', en: 'Would be updated' } : { zh: '更新', en: 'Updated' },
      advice: options.update
        ? {
            zh: '按文件更新了登记信息，每项变更记入人员的变更历史',
            en: 'registered data updated from the file; each change is in the person’s history',
          }
        : {
            zh: '未选择“更新已登记人员”，不更新任何人；信息不同的行计入未导入',
            en: '"update registered persons" was not chosen; rows that differ are counted as refused',
          },
    },
    {
      category: 'unchanged',
      count: c.unchanged,
      label: { zh: '已登记（无变化）', en: 'Already registered (unchanged)' },
      advice: { zh: '文件与登记信息一致，无需操作', en: 'the file agrees with the registry; nothing to do' },
    },
    {
      category: 'refused',
      count: c.failed,
      label: { zh: '未导入（错误行）', en: 'Refused (bad rows)' },
      advice: {
        zh: `${dup.zh}原因见错误报告的“错误原因”列（可能的正确值一并列出）；在错误报告中改正后，可直接导入错误报告`,
        en: `${dup.en}see the reason column of the error report (likely corrections are offered); fix the cells there and import the report itself`,
      },
    },
    {
      category: 'warned',
      count: c.warnings,
      label: would
        ? { zh: '提示（将导入，请核实）', en: 'Warnings (would be imported; check them)' }
        : { zh: '提示（已导入，请核实）', en: 'Warnings (imported; check them)' },
      advice: {
        zh: '错误报告中标“（提示）”的行已导入，请逐行核实；有误时在人员页面更正，不要再次导入',
        en: 'rows marked （提示） in the error report were imported; check each and correct it on the person’s page, do not import it again',
      },
    },
  ];
}
