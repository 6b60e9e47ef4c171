import type {
  DataDrivenPropertyValueSpecification,
  ExpressionSpecification,
  FilterSpecification,
  LayerSpecification,
} from '@maplibre/maplibre-gl-style-spec';
import type {Lang} from '../i18n/lang';
import {APPROXIMATE_ACCURACIES} from './types';
import type {StyleContext} from './types';

export const FONT_STACK = ['Noto'];

export const isApproximate: ExpressionSpecification = ['in', ['get', 'accuracy'], ['literal', [...APPROXIMATE_ACCURACIES]]];

export const kindIs = (...kinds: string[]): FilterSpecification =>
  kinds.length === 1 ? ['==', ['get', 'kind'], kinds[0]!] : ['in', ['get', 'kind'], ['literal', kinds]];

/**
 * `value` for every feature, as an expression that reads the feature. MapLibre links one WebGL
 * program for each set of paint properties a layer type reads per feature; a layer that reads
 * the same set as the others of its type shares their program instead of linking its own,
 * 40–70 ms of the main thread each on SwiftShader, all in the first frame (issue 11).
 */
export function perFeature<T>(value: T): ExpressionSpecification {
  const v = Array.isArray(value) ? ['literal', value] : value;
  return ['case', ['has', 'id'], v, v] as unknown as ExpressionSpecification;
}

/** Solid for published data, dashed for indicative and schematic features. */
export const dashByAccuracy: DataDrivenPropertyValueSpecification<number[]> = [
  'case', isApproximate, ['literal', [3, 2]], ['literal', [1, 0]],
];

/** The suffixes a label gets when its feature is not survey data. */
export const LABEL_MARKERS = {
  zh: {indicative: '（示意）', schematicLine: '（示意线）', schematicPoint: '（示意）'},
  en: {indicative: ' (indicative)', schematicLine: ' (schematic)', schematicPoint: ' (schematic)'},
} as const;

/**
 * The feature's name, with “（示意）” / “ (indicative)” when it is not survey data; a
 * schematic line reads “（示意线）”, a schematic point (a station) “（示意）”.
 */
export function labelText(lang: Lang): ExpressionSpecification {
  const name: ExpressionSpecification = ['get', lang === 'en' ? 'name_en' : 'name_zh'];
  const m = LABEL_MARKERS[lang];
  return [
    'match', ['get', 'accuracy'],
    'indicative', ['concat', name, m.indicative],
    'schematic', ['match', ['geometry-type'], ['Point', 'MultiPoint'], ['concat', name, m.schematicPoint], ['concat', name, m.schematicLine]],
    name,
  ];
}

export const visibility = (ctx: StyleContext): 'visible' | 'none' => (ctx.visible ? 'visible' : 'none');

export const metadataFor = (layer: string) => ({'qh:layer': layer});

/** The source of one label point per polygon (see geo/label-point.ts). */
export const labelSource = (source: string): string => `${source}-labels`;

type LabelOptions = {
  id: string;
  /** The catalogue layer this label belongs to. */
  layer: string;
  /** Its source: the layer itself, or `${layer}-labels` for polygon label points. */
  source: string;
  filter: FilterSpecification;
  size: number;
  color?: string;
  minzoom?: number;
  placement?: 'point' | 'line';
  /** How far (ems) the label stands off its symbol; with `anchors`, the sides it may take, preferred first. */
  offset?: [number, number];
  anchors?: readonly LabelSide[];
  sortKey?: DataDrivenPropertyValueSpecification<number>;
};

/** Where a label may sit around its symbol: `below` means under it (MapLibre anchor 'top'). */
export type LabelSide = 'below' | 'above' | 'right' | 'left';

const SIDE_ANCHOR = {below: 'top', above: 'bottom', right: 'left', left: 'right'} as const;

/**
 * `text-variable-anchor-offset` for a label standing `r` ems off its symbol on each side it may
 * take, in order of preference: MapLibre places it on the first side free of other labels, so a
 * label moves round a crowded town (大柴旦, 格尔木, 德令哈, 茫崖) instead of sitting on a symbol.
 */
export function anchorOffsets(r: number, sides: readonly LabelSide[] = ['below', 'right', 'above', 'left']): Array<string | [number, number]> {
  const offsetOf = (side: LabelSide): [number, number] => (side === 'below' ? [0, r] : side === 'above' ? [0, -r] : side === 'right' ? [r, 0] : [-r, 0]);
  return sides.flatMap((side) => [SIDE_ANCHOR[side], offsetOf(side)]);
}

/**
 * Chinese names are short and break at any character ("桥/头镇"): wide enough that a name is
 * never wrapped mid-word; English wraps between words at 10 ems.
 */
export const labelMaxWidth = (lang: Lang): number => (lang === 'zh' ? 24 : 10);

export function labelLayer(ctx: StyleContext, o: LabelOptions): LayerSpecification {
  return {
    id: o.id,
    type: 'symbol',
    source: o.source,
    filter: o.filter,
    ...(o.minzoom === undefined ? {} : {minzoom: o.minzoom}),
    metadata: metadataFor(o.layer),
    layout: {
      visibility: visibility(ctx),
      'text-field': labelText(ctx.lang),
      'text-font': FONT_STACK,
      'text-size': o.size,
      'text-max-width': labelMaxWidth(ctx.lang),
      'symbol-placement': o.placement ?? 'point',
      ...(o.offset ? {'text-variable-anchor-offset': anchorOffsets(Math.max(Math.abs(o.offset[0]), Math.abs(o.offset[1])), o.anchors)} : {}),
      ...(o.sortKey === undefined ? {} : {'symbol-sort-key': o.sortKey}),
    },
    paint: {
      'text-color': o.color ?? ctx.theme.text,
      'text-halo-color': ctx.theme.halo,
      'text-halo-width': 1.5,
      'text-opacity': ctx.opacity,
    },
  };
}
