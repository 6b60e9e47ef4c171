import type {Lang} from '../../i18n/lang';
import {word, type Entry, type Vars} from '../../i18n/words';

/**
 * Words of the page's frame (header menu, bottom sheet, filter indicator, presenter overlay
 * controls). Kept beside the components that use them so the frame can change without
 * touching the main dictionary.
 */
export const LAYOUT_MESSAGES = {
  menu: {zh: '菜单', en: 'Menu'},
  closeMenu: {zh: '关闭菜单', en: 'Close menu'},
  dashboardShort: {zh: '看板', en: 'Dashboard'},
  presentShort: {zh: '演示', en: 'Present'},
  outdoorShort: {zh: '户外', en: 'Outdoor'},
  filtering: {zh: '筛选中：{shown} / {total} 个地块', en: 'Filtered: {shown} / {total} plots'},
  asOfDay: {zh: '截至 {date}', en: 'as of {date}'},
  clearFilterShort: {zh: '清除', en: 'Clear'},
  clearFilterLabel: {zh: '清除筛选和截至日期', en: 'Clear the filters and the as-of date'},
  sheet: {zh: '面板', en: 'Panel'},
  sheetHandle: {zh: '面板高度：{state}（点按切换，或按上下方向键）', en: 'Panel height: {state} (tap to change, or use the arrow keys)'},
  sheetPeek: {zh: '低', en: 'low'},
  sheetHalf: {zh: '半屏', en: 'half'},
  sheetFull: {zh: '全屏', en: 'full'},
  hideTitle: {zh: '收起标题', en: 'Hide the title'},
  showTitle: {zh: '显示标题', en: 'Show the title'},
  hideLegend: {zh: '收起图例', en: 'Hide the legend'},
  showLegend: {zh: '图例', en: 'Legend'},
  moveOverlays: {zh: '移动标题和图例到另一侧', en: 'Move the title and legend to the other side'},
  asOfMonthHint: {zh: 'PageUp / PageDown 按月移动', en: 'PageUp / PageDown move by a month'},
  closeInfo: {zh: '关闭要素信息', en: 'Close the feature info'},
} as const satisfies Record<string, Entry>;

export type LayoutKey = keyof typeof LAYOUT_MESSAGES;

export function lt(key: LayoutKey, lang: Lang, vars?: Vars): string {
  return word(LAYOUT_MESSAGES[key], lang, vars);
}
