import type {Lang} from './lang';
import type {Bilingual} from './lang';

/**
 * MapLibre's own UI strings (its `locale` map option; ids from maplibre-gl's default_locale),
 * in both UI languages, so its controls are never English in the Chinese UI.
 */
export const MAPLIBRE_MESSAGES = {
  'AttributionControl.ToggleAttribution': {zh: '显示或隐藏数据来源', en: 'Toggle attribution'},
  'AttributionControl.MapFeedback': {zh: '地图反馈', en: 'Map feedback'},
  'FullscreenControl.Enter': {zh: '进入全屏', en: 'Enter full screen'},
  'FullscreenControl.Exit': {zh: '退出全屏', en: 'Exit full screen'},
  'GeolocateControl.FindMyLocation': {zh: '定位我的位置', en: 'Locate me'},
  'GeolocateControl.LocationNotAvailable': {zh: '无法获取位置', en: 'Location not available'},
  'LogoControl.Title': {zh: 'MapLibre 标志', en: 'MapLibre logo'},
  'Map.Title': {zh: '地图', en: 'Map'},
  'Marker.Title': {zh: '地图标记', en: 'Map marker'},
  'NavigationControl.ResetBearing': {zh: '拖动旋转地图，点击恢复正北', en: 'Drag to rotate the map, click to reset north'},
  'NavigationControl.ZoomIn': {zh: '放大', en: 'Zoom in'},
  'NavigationControl.ZoomOut': {zh: '缩小', en: 'Zoom out'},
  'Popup.Close': {zh: '关闭弹窗', en: 'Close popup'},
  'ScaleControl.Feet': {zh: '英尺', en: 'ft'},
  'ScaleControl.Meters': {zh: '米', en: 'm'},
  'ScaleControl.Kilometers': {zh: '千米', en: 'km'},
  'ScaleControl.Miles': {zh: '英里', en: 'mi'},
  'ScaleControl.NauticalMiles': {zh: '海里', en: 'nm'},
  'GlobeControl.Enable': {zh: '切换为地球视图', en: 'Enable globe'},
  'GlobeControl.Disable': {zh: '切换为平面视图', en: 'Disable globe'},
  'TerrainControl.Enable': {zh: '显示地形', en: 'Enable terrain'},
  'TerrainControl.Disable': {zh: '隐藏地形', en: 'Disable terrain'},
  'CooperativeGesturesHandler.WindowsHelpText': {zh: '按住 Ctrl 并滚动以缩放地图', en: 'Use Ctrl + scroll to zoom the map'},
  'CooperativeGesturesHandler.MacHelpText': {zh: '按住 ⌘ 并滚动以缩放地图', en: 'Use ⌘ + scroll to zoom the map'},
  'CooperativeGesturesHandler.MobileHelpText': {zh: '用两根手指移动地图', en: 'Use two fingers to move the map'},
} as const satisfies Record<string, Bilingual>;

export type MaplibreStringId = keyof typeof MAPLIBRE_MESSAGES;

/** The `locale` option for a MapLibre map in `lang`: every string id MapLibre knows. */
export function maplibreLocale(lang: Lang): Record<MaplibreStringId, string> {
  return Object.fromEntries(Object.entries(MAPLIBRE_MESSAGES).map(([id, words]) => [id, words[lang]])) as Record<MaplibreStringId, string>;
}
