import {filtersAreActive} from '../../state/filters-slice';
import {selectFilteredPlots, selectPlotCount} from '../../state/selectors';
import {useAppStore} from '../../state/store';
import {lt} from './layout-messages';

/**
 * Says, in the header, that the map and the plot list show fewer plots than there are (any
 * filter, or an “as of” day), with one tap to show all again. Nothing when no filter is on.
 */
export function FilterIndicator() {
  const lang = useAppStore((s) => s.lang);
  const filters = useAppStore((s) => s.filters);
  const shown = useAppStore((s) => selectFilteredPlots(s).length);
  const total = useAppStore(selectPlotCount);
  const resetFilters = useAppStore((s) => s.resetFilters);
  if (!filtersAreActive(filters)) return null;
  return (
    <div className="filter-indicator" role="status" data-testid="filter-indicator">
      <span className="filter-indicator-text">
        {lt('filtering', lang, {shown, total})}
        {filters.asOf && <> · {lt('asOfDay', lang, {date: filters.asOf})}</>}
      </span>
      <button type="button" className="filter-indicator-clear" onClick={resetFilters} title={lt('clearFilterLabel', lang)}>
        <span aria-hidden="true">✕ </span>{lt('clearFilterShort', lang)}
      </button>
    </div>
  );
}
