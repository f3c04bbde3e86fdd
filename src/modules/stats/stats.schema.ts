/** Response schemas of the statistics routes (stats.routes.ts, stats.submission.routes.ts). */
import { z } from 'zod';
import {
  type Describes,
  DivisionRef,
  DOCX,
  fileBody,
  jsonOrFile,
  Localized,
  XLSX,
} from '../../http/response-fields.ts';
import type { SubmissionView as SubmissionViewType } from './stats.submission.ts';

const Factor = z.union([z.literal(1), z.literal(100), z.literal(1000)]);
const Num = z.number().nullable();
/** A rate or count as published: withheld (`suppressed`, values null) below the minimum cell size. */
const Cell = z.object({ numerator: Num, denominator: Num, value: Num, suppressed: z.boolean() });
/** Which data a figure stands on: the as-of day, whether the month is closed, and its history snapshot. */
const Stamp = z.object({
  asOf: z.string(),
  closed: z.boolean(),
  label: z.string(),
  history: z.object({ month: z.string(), computedAt: z.string().nullable() }).nullable(),
});
const Target = z.object({ indicator: z.string(), comparator: z.enum(['>=', '<=']), value: z.number() });
const SetTarget = Target.extend({ setAt: z.string().nullable() });

export const IndicatorCatalogue = z.object({
  indicators: z.array(
    z.object({
      code: z.string(),
      name: Localized,
      group: z.enum(['certificates', 'exchange', 'services', 'supply', 'population', 'births', 'community']),
      view: z.enum(['inflow', 'outflow', 'place']),
      factor: Factor,
      period: z.enum(['point', 'month']),
      levels: z.array(z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5)])).readonly(),
      definition: Localized,
      source: z.enum(['pending', 'rollup']),
      breakdowns: z.array(z.enum(['sex', 'ageBand', 'detail'])).readonly(),
    }),
  ),
  minCell: z.number(),
});

const Series = z.object({
  months: z.array(z.string()),
  series: z.array(z.object({ code: z.string(), name: Localized, values: z.array(Num) })),
});

export const Dashboard = z.object({
  division: DivisionRef,
  path: z.array(DivisionRef),
  asOf: z.string(),
  stamp: Stamp,
  refYear: z.number(),
  suppression: z.boolean(),
  minCell: z.number(),
  keyRates: z.array(
    Cell.extend({
      code: z.string(),
      name: Localized,
      definition: Localized,
      target: SetTarget.nullable(),
      meets: z.boolean().nullable(),
    }),
  ),
  counts: z.array(z.object({ code: z.string(), name: Localized, value: Num, suppressed: z.boolean() })),
  trend: Series,
  history: Series,
  activityRates: z.array(Cell.extend({ code: z.string(), name: Localized, definition: Localized, factor: Factor })),
  childIndicators: z.array(z.object({ code: z.string(), name: Localized, factor: Factor })),
  children: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      level: z.number(),
      hasChildren: z.boolean(),
      values: z.record(z.string(), Cell),
    }),
  ),
});

export const Population = z.object({ division: DivisionRef, inflow: Num, outflow: Num, total: Num });

/** One indicator for a division and period, with its breakdown when one was asked for. */
export const IndicatorAnswer = Cell.extend({
  /** By division each row says whether it can be opened further (hasChildren); by month or category it cannot. */
  breakdown: z
    .array(Cell.extend({ key: z.string(), label: z.string(), hasChildren: z.boolean().optional() }))
    .nullable(),
  indicator: z.object({
    code: z.string(),
    name: Localized,
    definition: Localized,
    factor: Factor,
    period: z.enum(['point', 'month']),
    view: z.enum(['inflow', 'outflow', 'place']),
    source: z.enum(['pending', 'rollup']),
  }),
  division: DivisionRef,
  period: z.union([
    z.object({ kind: z.literal('month'), month: z.string() }),
    z.object({ kind: z.literal('year'), year: z.number() }),
  ]),
  asOf: z.string(),
  stamp: Stamp,
  suppression: z.boolean(),
});

export const Targets = z.object({ division: DivisionRef, year: z.number(), targets: z.array(SetTarget) });
export const TargetHistory = z.object({
  division: DivisionRef,
  year: z.number(),
  changes: z.array(
    z.object({
      targets: z.array(Target),
      source: z.enum(['xlsx', 'api']),
      setBy: z.object({ username: z.string(), name: z.string().nullable() }).nullable(),
      setByDivision: z.string(),
      setAt: z.string(),
    }),
  ),
});
/** What a publish sent down: each unit below and its targets. */
export const PublishAnswer = z.object({
  year: z.number(),
  units: z.array(z.object({ code: z.string(), name: z.string().optional(), targets: z.array(Target) })),
});

export const Assessment = z.object({
  division: DivisionRef,
  year: z.number(),
  weights: z.object({ discipline: z.number(), work: z.number() }),
  results: z.array(
    z.object({
      staffName: z.string(),
      discipline: z.number(),
      work: z.number(),
      notes: z.string().nullable(),
      total: z.number(),
      rank: z.number(),
      bonusAdjustment: z.number(),
      lastPlace: z.boolean(),
      flagged: z.boolean(),
    }),
  ),
  unitsBelow: z.array(z.object({ code: z.string(), name: z.string(), staff: z.number() })),
});

// Reporting up the tree (逐级上报).

export const SubmissionView = z.object({
  id: z.string(),
  division: z.string(),
  period: z.string(),
  version: z.number(),
  status: z.enum(['submitted', 'superseded']),
  submittedAt: z.string(),
  submitter: z.string(),
  reason: z.string().nullable(),
  contentHash: z.string(),
  origin: z.string().nullable(),
  delivery: z.enum(['none', 'pending', 'sent', 'local']),
});
true satisfies Describes<typeof SubmissionView, SubmissionViewType>;

const Column = z.object({
  group: z.string(),
  label: z.string(),
  indicator: z.string(),
  part: z.enum(['value', 'numerator', 'denominator']),
});
const Cells = z.array(z.union([z.string(), z.number()]).nullable());
const RowKind = z.enum(['total', 'child', 'own']);

export const SubmissionPreview = z.object({
  division: z.object({ code: z.string(), name: z.string(), fullName: z.string() }),
  period: z.string(),
  title: z.string(),
  unit: z.string(),
  stamp: Stamp,
  columns: z.array(Column),
  rows: z.array(z.object({ code: z.string().nullable(), name: z.string(), kind: RowKind, cells: Cells })),
  suppressed: z.boolean(),
  minCell: z.number(),
});

export const SubmissionVersions = z.object({
  division: z.object({ code: z.string(), name: z.string() }),
  period: z.string(),
  versions: z.array(SubmissionView),
});

const UnitState = z.object({
  code: z.string(),
  name: z.string(),
  state: z.enum(['submitted', 'not_submitted', 'corrected']),
  current: SubmissionView.nullable(),
  total: Cells.nullable(),
});
export const SubmissionOverview = z.object({
  division: DivisionRef,
  unitLevel: z.number(),
  period: z.string(),
  closed: z.boolean(),
  label: z.string(),
  own: UnitState,
  canSubmit: z.boolean(),
  columns: z.array(Column),
  units: z.array(UnitState),
});

/** A report table as the xlsx and CSV files show it. */
export const ReportTable = z.object({
  title: z.string(),
  fileName: z.string(),
  unit: z.string(),
  stamp: Stamp,
  generatedAt: z.string(),
  columns: z.array(Column),
  rows: z.array(z.object({ name: z.string(), kind: RowKind, cells: Cells })),
  suppressed: z.boolean(),
  minCell: z.number(),
});

const TABLE_FILE = 'The table as xlsx or CSV (format=xlsx|csv)';
export const AssembledTable = jsonOrFile(ReportTable, TABLE_FILE, XLSX, 'text/csv');
export const SubmittedReport = jsonOrFile(
  z.object({ submission: SubmissionView, table: ReportTable }),
  TABLE_FILE,
  XLSX,
  'text/csv',
);

export const ReportFile = fileBody('The monthly or annual report as xlsx or CSV', XLSX, 'text/csv');
export const SummaryDocx = fileBody('The draft work summary as a Word document', DOCX);
export const StatsXlsx = fileBody('A workbook (target template, assessment results)', XLSX);
