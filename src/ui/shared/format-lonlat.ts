/** “101.68450°E, 36.93550°N” — five decimals is about a metre, as precise as a cursor gets. */
export function formatLonLat([lon, lat]: readonly [number, number]): string {
  const ew = lon >= 0 ? 'E' : 'W';
  const ns = lat >= 0 ? 'N' : 'S';
  return `${Math.abs(lon).toFixed(5)}°${ew}, ${Math.abs(lat).toFixed(5)}°${ns}`;
}
