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
  offset?: [number, number];
  sortKey?: DataDrivenPropertyValueSpecification<number>;
};

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
      'text-max-width': 10,
      'symbol-placement': o.placement ?? 'point',
      ...(o.offset ? {'text-offset': o.offset, 'text-anchor': 'top'} : {}),
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
