import type {LayerSpecification} from '@maplibre/maplibre-gl-style-spec';
import type {Bilingual, Lang} from '../i18n/lang';
import type {PlotStatus} from '../../seeds/programme';

export const ACCURACIES = ['surveyed', 'published', 'indicative', 'schematic'] as const;
export type Accuracy = (typeof ACCURACIES)[number];
/** Classes drawn dashed or hollow and suffixed “示意” on the map: not survey results. */
export const APPROXIMATE_ACCURACIES: readonly Accuracy[] = ['indicative', 'schematic'];

export const LAYER_IDS = ['haixi', 'datong', 'muli', 'industrial-parks', 'rail-lines'] as const;
export type LayerId = (typeof LAYER_IDS)[number];
/** Every GeoJSON source of the map: the five layers and the basemap. */
export type SourceId = LayerId | 'basemap';

/** Properties every feature in geodata/ carries (see geodata/README.md). */
export type FeatureProps = {
  id: string;
  name_zh: string;
  name_en: string;
  kind: string;
  accuracy: Accuracy;
  source: string;
  note_zh?: string;
  note_en?: string;
  /** An official statistic (government or yearbook figure); only on published features. */
  area_km2_official?: number;
  /** A figure stated in reports or encyclopaedias, not an official statistic. */
  area_km2_stated?: number;
  /** The area of the outline as drawn, on the CGCS2000 ellipsoid (set wherever a figure is). */
  area_km2_drawn?: number;
  /** Which source gives which figure, and how the drawn outline compares. */
  area_note_zh?: string;
  area_note_en?: string;
  rank?: number;
};

/**
 * Every colour the map draws, by theme (protomaps' flavors: no layer file holds a colour
 * literal, so each theme reaches the basemap, the programme's layers, the plots and the
 * drawing tool alike; catalogue/themes.ts holds the values).
 */
export type Theme = {
  readonly name: string;
  readonly background: string;
  readonly land: string;
  readonly neighbour: string;
  readonly water: string;
  readonly waterLine: string;
  readonly boundary: string;
  readonly text: string;
  readonly halo: string;
  /** Basemap labels and symbols beyond land and water. */
  readonly lakeLabel: string;
  readonly provinceLabel: string;
  readonly townFill: string;
  readonly townStroke: string;
  readonly layers: LayerPalette;
  readonly plots: PlotPalette;
  readonly sheet: SheetPalette;
};

/** The programme's layers (catalogue/layers.ts). */
export type LayerPalette = {
  readonly haixi: string;
  readonly datong: string;
  readonly datongCounty: string;
  readonly datongCountyLabel: string;
  readonly muli: string;
  readonly park: string;
  readonly rail: string;
  /** Under a rail line, so it reads over any fill. */
  readonly railCasing: string;
  /** The inside of a hollow (indicative or schematic) point symbol. */
  readonly hollow: string;
};

/** Plots by status and the shape being drawn, walked or previewed (catalogue/plots.ts, map/draw-controller.ts). */
export type PlotPalette = {
  readonly status: Readonly<Record<PlotStatus, string>>;
  /** A status the palette does not know (a plot from a newer version). */
  readonly unknownStatus: string;
  /** The outline of a plot not yet saved on the device. */
  readonly unsaved: string;
  readonly selected: string;
  readonly importPreview: string;
  /** A team conflict on the map: the conflicting device's shape (dashed) and the server's (solid). */
  readonly conflictMine: string;
  readonly conflictTheirs: string;
  /** `#rrggbb`: terra-draw takes only hex colours for the shape being drawn. */
  readonly draftFill: HexColor;
  readonly draftOutline: HexColor;
  readonly draftVertexStroke: string;
  /** The inside of terra-draw's closing point. */
  readonly closingPoint: HexColor;
};

export type HexColor = `#${string}`;

/** The exported PNG/PDF sheet's frame, text and legend (map/map-export.ts). */
export type SheetPalette = {
  readonly paper: string;
  /** The translucent panels under the legend and the scale bar, and their edge. */
  readonly panel: string;
  readonly panelEdge: string;
  /** The band under the footer's date, sources and coordinate note. */
  readonly band: string;
  readonly ink: string;
  readonly inkStrong: string;
  readonly inkMuted: string;
};

export type LegendEntry = {
  readonly label: Bilingual;
  readonly shape: 'fill' | 'line' | 'circle';
  readonly color: string;
  /** Drawn dashed (lines, outlines) or hollow (points): indicative or schematic. */
  readonly approximate: boolean;
};

export type Provenance = {
  readonly source: Bilingual;
  readonly licence: Bilingual;
  /** Plain text for the map's attribution control. */
  readonly attribution: Bilingual;
};

export type StyleContext = {
  readonly lang: Lang;
  readonly theme: Theme;
  /** Layer opacity, 0–1, multiplied into every paint opacity of the layer. */
  readonly opacity: number;
  readonly visible: boolean;
};

export type LayerDefinition = {
  readonly id: LayerId;
  readonly title: Bilingual;
  /** File name inside geodata/. */
  readonly dataFile: string;
  readonly color: string;
  readonly legend: readonly LegendEntry[];
  readonly provenance: Provenance;
  /** MapLibre layers; each id starts with `${id}:` and uses source `id` or its label points `${id}-labels`. */
  readonly style: (ctx: StyleContext) => LayerSpecification[];
};
