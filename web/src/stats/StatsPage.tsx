/**
 * The statistics dashboard of one division (default: the user's own): key rates against targets, counts,
 * a 12-month trend and the child divisions, drillable down to the village; report downloads.
 */
import { DownloadOutlined, RightOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  Breadcrumb,
  Button,
  Card,
  Col,
  Empty,
  Row,
  Segmented,
  Select,
  Skeleton,
  Space,
  Statistic,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { type ComponentProps, lazy, Suspense, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { query } from '../api';
import { useUser } from '../auth';
import { ErrorState } from '../components/States';
import { formatDate } from '../format';
import AssessmentCard from './AssessmentCard';
import { type Cell, type Dashboard, fetchDashboard, type KeyRate, type Localized } from './queries';
import SubmissionCard from './SubmissionCard';

// echarts is the largest library here: it loads with the first chart, not with the home page's rate cards.
const LazyEChart = lazy(() => import('./EChart'));
function EChart(props: ComponentProps<typeof LazyEChart>) {
  return (
    <Suspense fallback={<div style={{ height: props.height }} />}>
      <LazyEChart {...props} />
    </Suspense>
  );
}

const ASSESSORS = ['county_admin', 'township_officer'];

/** Colour-blind-safe palette (Okabe–Ito), readable on white. */
const COLORS = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00'];

export function formatRate(value: number | null, factor = 100): string {
  if (value === null) return '—';
  const text = String(Math.round(value * 100) / 100);
  return factor === 100 ? `${text}%` : text;
}

function useLang() {
  const { t, i18n } = useTranslation('stats');
  const en = i18n.language.startsWith('en');
  return { t, name: (l: Localized) => (en ? l.en : l.zh) };
}

export function useDashboard(division: string | undefined, year: number) {
  return useQuery({
    queryKey: ['stats', 'dashboard', division ?? '', year],
    queryFn: ({ signal }) => fetchDashboard({ division, period: String(year) }, signal),
  });
}

/** A withheld cell: small, or withheld so a small one cannot be worked out, so no "<5" that would tell which. */
const WITHHELD = '*';

function cellText(c: Cell | undefined, factor: number): string {
  if (!c) return '—';
  if (c.suppressed) return WITHHELD;
  return factor === 100 ? formatRate(c.value) : String(c.value ?? '—');
}

export function RateCard({ rate }: { rate: KeyRate }) {
  const { t, name } = useLang();
  const color = rate.meets === null ? undefined : rate.meets ? '#007a4d' : '#b3261e';
  return (
    <Card className="stats-rate-card" data-testid={`rate-${rate.code}`}>
      <Tooltip title={name(rate.definition)}>
        <Statistic
          title={name(rate.name)}
          value={rate.suppressed ? WITHHELD : formatRate(rate.value)}
          styles={{ content: { color, fontWeight: 600 } }}
        />
      </Tooltip>
      <Space size={6} wrap className="stats-rate-meta">
        {rate.target ? (
          <Tag color={rate.meets === null ? 'default' : rate.meets ? 'green' : 'red'}>
            {t('target')} {rate.target.comparator === '>=' ? '≥' : '≤'}
            {rate.target.value}% · {rate.meets === null ? t('noData') : rate.meets ? t('met') : t('notMet')}
          </Tag>
        ) : null}
        <Typography.Text type="secondary">
          {rate.numerator ?? '—'} / {rate.denominator ?? '—'} {t('people')}
        </Typography.Text>
      </Space>
    </Card>
  );
}

function download(href: string, label: string, testId: string) {
  return (
    <a href={href} download data-testid={testId}>
      <Button icon={<DownloadOutlined />}>{label}</Button>
    </a>
  );
}

export default function StatsPage() {
  const { t, name } = useLang();
  const user = useUser();
  const [params, setParams] = useSearchParams();
  const division = params.get('division') ?? undefined;
  const thisYear = new Date().getFullYear();
  const [year, setYear] = useState(thisYear);
  const [childIndicator, setChildIndicator] = useState('certificate_rate');
  const dash = useDashboard(division, year);
  const data = dash.data;

  const trendOption = useMemo(
    () =>
      data
        ? {
            color: COLORS,
            tooltip: { trigger: 'axis' },
            legend: { bottom: 0 },
            grid: { left: 48, right: 24, top: 16, bottom: 64 },
            xAxis: { type: 'category', data: data.trend.months.map((m) => t(`monthShort.${Number(m.slice(5))}`)) },
            yAxis: { type: 'value', minInterval: 1 },
            series: data.trend.series.map((x) => ({
              name: name(x.name),
              type: 'line',
              smooth: false,
              symbolSize: 6,
              data: x.values,
            })),
          }
        : {},
    [data, name, t],
  );

  const historyOption = useMemo(
    () =>
      data
        ? {
            color: COLORS,
            tooltip: { trigger: 'axis' },
            legend: { bottom: 0 },
            grid: { left: 56, right: 24, top: 16, bottom: 64 },
            xAxis: { type: 'category', data: data.history.months.map((m) => t(`monthShort.${Number(m.slice(5))}`)) },
            yAxis: { type: 'value', minInterval: 1 },
            series: data.history.series.map((x) => ({
              name: name(x.name),
              type: 'line',
              symbolSize: 6,
              // A month without a snapshot is a gap, not a zero.
              connectNulls: false,
              data: x.values,
            })),
          }
        : {},
    [data, name, t],
  );

  const childMeta = data?.childIndicators.find((c) => c.code === childIndicator);
  const childOption = useMemo(() => {
    if (!data) return {};
    const factor = childMeta?.factor ?? 1;
    const target = data.keyRates.find((r) => r.code === childIndicator)?.target;
    const rows = data.children.map((c) => ({ name: c.name, value: c.values[childIndicator]?.value ?? null }));
    return {
      color: ['#0072B2'],
      tooltip: {
        trigger: 'axis',
        valueFormatter: (v: number | null) => (factor === 100 ? formatRate(v) : String(v ?? '—')),
      },
      grid: { left: 150, right: 72, top: 28, bottom: 24 },
      xAxis: { type: 'value', max: factor === 100 ? 100 : undefined },
      yAxis: {
        type: 'category',
        inverse: true,
        data: rows.map((r) => r.name),
        axisLabel: { width: 140, overflow: 'truncate' },
      },
      series: [
        {
          type: 'bar',
          data: rows.map((r) => r.value),
          barMaxWidth: 18,
          label: {
            show: true,
            position: 'right',
            formatter: (p: { value: number | null }) => (factor === 100 ? formatRate(p.value) : String(p.value ?? '')),
          },
          markLine: target
            ? {
                symbol: 'none',
                lineStyle: { color: '#b3261e', type: 'dashed' },
                data: [{ xAxis: target.value, name: t('target') }],
                label: { show: false },
              }
            : undefined,
        },
      ],
    };
  }, [data, childIndicator, childMeta, t]);

  if (dash.isError) return <ErrorState error={dash.error} onRetry={() => void dash.refetch()} />;

  const drill = (code: string) => setParams({ division: code });
  const ownLevel = user.division.level;
  const periodMonth = year === thisYear ? formatDate(new Date()).slice(0, 7) : `${year}-12`;
  const code = data?.division.code ?? division ?? user.division.code;
  const empty = data?.counts.every((c) => !c.value) && data.keyRates.every((r) => !r.denominator);

  return (
    <div className="page stats-page" data-testid="stats-page">
      <Card>
        <Space orientation="vertical" size={8} style={{ width: '100%' }}>
          <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
            <Typography.Title level={3} style={{ margin: 0 }}>
              {t('title')}
              {data ? ` · ${data.division.name}` : ''}
            </Typography.Title>
            <Space wrap>
              <Typography.Text>{t('year')}</Typography.Text>
              <Segmented
                value={year}
                onChange={(v) => setYear(Number(v))}
                options={[thisYear - 1, thisYear].map((y) => ({ label: String(y), value: y }))}
              />
            </Space>
          </Space>
          {data ? (
            <Breadcrumb
              data-testid="stats-breadcrumb"
              items={data.path
                .filter((p) => p.level >= ownLevel)
                .map((p) => ({
                  title:
                    p.code === data.division.code ? p.name : <Link to={`/stats?division=${p.code}`}>{p.name}</Link>,
                }))}
            />
          ) : null}
          {data ? (
            <Typography.Text type="secondary" data-testid="stats-as-of">
              {data.stamp.closed
                ? t('asOfClosed', { d: data.stamp.asOf, m: data.stamp.history?.month ?? '' })
                : t('asOf', { d: data.stamp.asOf })}
            </Typography.Text>
          ) : null}
          <Space wrap>
            {download(
              `/api/stats/reports/monthly${query({ division: code, period: periodMonth })}`,
              t('monthly'),
              'download-monthly',
            )}
            {download(
              `/api/stats/reports/annual${query({ division: code, period: year })}`,
              t('annual'),
              'download-annual',
            )}
            {download(
              `/api/stats/reports/annual${query({ division: code, period: year, format: 'csv' })}`,
              t('annualCsv'),
              'download-csv',
            )}
            {user.role !== 'dept_verifier'
              ? download(`/api/stats/summary${query({ division: code, year })}`, t('summary'), 'download-docx')
              : null}
          </Space>
        </Space>
      </Card>
      {data?.suppression ? (
        <Alert type="info" showIcon title={t('suppressed', { n: data.minCell })} style={{ marginTop: 16 }} />
      ) : null}
      {dash.isPending ? (
        <Card style={{ marginTop: 16 }}>
          <Skeleton active paragraph={{ rows: 8 }} />
        </Card>
      ) : empty ? (
        <Card style={{ marginTop: 16 }}>
          <Empty description={t('empty')} data-testid="stats-empty" />
        </Card>
      ) : data ? (
        <>
          <Typography.Title level={5} className="section-title">
            {t('keyRates')}
          </Typography.Title>
          <Row gutter={[16, 16]}>
            {data.keyRates.map((r) => (
              <Col xs={24} sm={12} xl={6} key={r.code}>
                <RateCard rate={r} />
              </Col>
            ))}
          </Row>
          <Typography.Title level={5} className="section-title">
            {t('counts')}
          </Typography.Title>
          <Card>
            <Row gutter={[16, 16]}>
              {data.counts.map((c) => (
                <Col xs={12} md={6} xl={3} key={c.code}>
                  <Statistic
                    title={name(c.name)}
                    value={c.suppressed ? WITHHELD : (c.value ?? '—')}
                    data-testid={`count-${c.code}`}
                  />
                </Col>
              ))}
            </Row>
          </Card>
          <Typography.Title level={5} className="section-title">
            {t('activityRates')}
          </Typography.Title>
          <Card>
            <Row gutter={[16, 16]}>
              {data.activityRates.map((r) => (
                <Col xs={24} sm={8} key={r.code}>
                  <Tooltip title={name(r.definition)}>
                    <div data-testid={`activity-${r.code}`}>
                      <Statistic
                        title={name(r.name)}
                        value={
                          r.suppressed
                            ? WITHHELD
                            : r.factor === 100
                              ? formatRate(r.value)
                              : r.value === null
                                ? '—'
                                : `${r.value} ${t('days')}`
                        }
                      />
                    </div>
                  </Tooltip>
                </Col>
              ))}
            </Row>
          </Card>
          <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
            <Col xs={24}>
              <Card title={t('history')} extra={<Typography.Text type="secondary">{t('historyNote')}</Typography.Text>}>
                <EChart option={historyOption} height={280} testId="stats-history" />
              </Card>
            </Col>
          </Row>
          <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
            <Col xs={24} xl={10}>
              <Card title={t('trend')}>
                <EChart option={trendOption} height={320} testId="stats-trend" />
              </Card>
            </Col>
            <Col xs={24} xl={14}>
              <Card
                title={t('children')}
                extra={
                  <Select
                    value={childIndicator}
                    onChange={setChildIndicator}
                    style={{ width: 220 }}
                    options={data.childIndicators.map((c) => ({ value: c.code, label: name(c.name) }))}
                    data-testid="child-indicator"
                  />
                }
              >
                {data.children.length === 0 ? (
                  <Empty description={t('village')} />
                ) : (
                  <EChart
                    option={childOption}
                    height={Math.max(220, data.children.length * 28 + 48)}
                    testId="stats-children-chart"
                  />
                )}
              </Card>
            </Col>
          </Row>
          {data.children.length > 0 ? (
            <Card style={{ marginTop: 16 }}>
              <Table
                size="small"
                rowKey="code"
                pagination={data.children.length > 20 ? { pageSize: 20 } : false}
                scroll={{ x: true }}
                dataSource={data.children}
                data-testid="stats-children"
                columns={[
                  {
                    title: t('unit'),
                    dataIndex: 'name',
                    fixed: 'left',
                    render: (_: unknown, row) => (
                      <Button
                        type="link"
                        onClick={() => drill(row.code)}
                        data-testid={`drill-${row.code}`}
                        style={{ padding: 0 }}
                      >
                        {row.name} <RightOutlined />
                      </Button>
                    ),
                  },
                  ...data.childIndicators.map((ci) => ({
                    title: name(ci.name),
                    key: ci.code,
                    align: 'right' as const,
                    render: (_: unknown, row: Dashboard['children'][number]) =>
                      cellText(row.values[ci.code], ci.factor),
                  })),
                ]}
              />
            </Card>
          ) : null}
          {user.role !== 'dept_verifier' ? (
            <SubmissionCard key={code} division={code} role={user.role} own={code === user.division.code} />
          ) : null}
          {ASSESSORS.includes(user.role) ? <AssessmentCard division={code} year={year} onPick={drill} /> : null}
        </>
      ) : null}
    </div>
  );
}
