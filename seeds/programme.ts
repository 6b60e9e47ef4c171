/**
 * The programme's facts as typed data, each with the text it comes from.
 *
 * Source: 青海省推进资源型地区高质量发展“十四五”实施方案 (Qinghai provincial plan for the
 * high-quality development of resource-based regions during the 14th Five-Year Plan),
 * published 2022-02-24, section 二(七) 推进采煤沉陷区综合治理.
 */

export type SourceRef = {
  readonly titleZh: string;
  readonly titleEn: string;
  readonly published: string;
  readonly section: string;
  readonly quoteZh: string;
};

export const POLICY_SOURCE: SourceRef = {
  titleZh: '青海省推进资源型地区高质量发展“十四五”实施方案',
  titleEn: 'Qinghai plan for high-quality development of resource-based regions, 14th Five-Year Plan',
  published: '2022-02-24',
  section: '二(七)',
  quoteZh: '到2025年，完成采煤沉陷区治理面积0.73万亩。',
};

/** 1 mu (亩) is exactly 10000/15 square metres; 15 mu = 1 ha. */
export const SQUARE_METERS_PER_MU = 10000 / 15;

export type Target = {
  readonly id: string;
  readonly areaMu: number;
  readonly deadline: string;
  readonly scopeZh: string;
  readonly scopeEn: string;
  readonly source: SourceRef;
};

/** 0.73万亩 of coal-mining subsidence land remediated by the end of 2025 (Datong County, Xining). */
export const SUBSIDENCE_TARGET: Target = {
  id: 'datong-subsidence-2025',
  areaMu: 7300,
  deadline: '2025-12-31',
  scopeZh: '大通县重点采煤沉陷区',
  scopeEn: 'Key coal-mining subsidence areas of Datong County, Xining',
  source: POLICY_SOURCE,
};

export const MEASURE_CODES = [
  'cover-regreen',
  'slope',
  'fence-enclose',
  'relocation',
  'in-situ-repair',
  'monitoring',
  'hazard',
] as const;
export type MeasureCode = (typeof MEASURE_CODES)[number];

export type Measure = {readonly code: MeasureCode; readonly zh: string; readonly en: string};

/** The remediation measures the plan names for subsidence areas (section 二(七)). */
export const MEASURES: readonly Measure[] = [
  {code: 'cover-regreen', zh: '沉陷坑覆土复绿', en: 'Backfill and re-green subsidence pits'},
  {code: 'slope', zh: '边坡治理', en: 'Slope stabilisation'},
  {code: 'fence-enclose', zh: '围栏封育', en: 'Fencing for natural recovery'},
  {code: 'relocation', zh: '避险搬迁', en: 'Relocation of residents out of danger'},
  {code: 'in-situ-repair', zh: '原址修复', en: 'In-place repair of housing'},
  {code: 'monitoring', zh: '新生沉陷监测', en: 'Monitoring of new subsidence'},
  {code: 'hazard', zh: '矿山地质灾害治理', en: 'Mine geological-hazard treatment'},
];

export const PLOT_STATUSES = ['planned', 'in_progress', 'remediated', 'verified'] as const;
export type PlotStatus = (typeof PLOT_STATUSES)[number];

export type StatusInfo = {
  readonly code: PlotStatus;
  readonly zh: string;
  readonly en: string;
  /** Whether a plot in this status counts towards the remediated area. */
  readonly countsAsRemediated: boolean;
};

export const STATUSES: readonly StatusInfo[] = [
  {code: 'planned', zh: '计划', en: 'Planned', countsAsRemediated: false},
  {code: 'in_progress', zh: '施工中', en: 'In progress', countsAsRemediated: false},
  {code: 'remediated', zh: '已治理（自报）', en: 'Remediated (claimed)', countsAsRemediated: true},
  {code: 'verified', zh: '已验收', en: 'Verified', countsAsRemediated: true},
];
