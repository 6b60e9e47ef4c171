// polylabel 2 ships no types; this is its one export (mapbox/polylabel README).
declare module 'polylabel' {
  export default function polylabel(polygon: number[][][], precision?: number, debug?: boolean): number[] & {distance: number};
}
