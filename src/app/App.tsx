import {localeOf} from '../i18n/lang';
import {useCallback, useEffect, useState} from 'react';
import {geodataUrl} from '../catalogue/assets';
import {t} from '../i18n/messages';
import {MapView} from '../map/MapView';
import {useMapCommands} from '../map/MapCommandsProvider';
import {useAppStore} from '../state/store';
import {FieldToolbar} from '../ui/field/FieldToolbar';
import {PlotList} from '../ui/field/PlotList';
import {StoragePanel} from '../ui/field/StoragePanel';
import {CoverageNotice} from '../ui/field/CoverageNotice';
import {InfoPanel} from '../ui/planner/InfoPanel';
import {LayerPanel} from '../ui/planner/LayerPanel';
import {MapLegend} from '../ui/presenter/MapLegend';
import {AppHeader} from '../ui/shared/AppHeader';
import {BottomSheet, type SheetState} from '../ui/shared/BottomSheet';
import {PHONE_QUERY, useMediaQuery} from '../ui/shared/useMediaQuery';
import {StatusBar} from '../ui/shared/StatusBar';
import {UpdateBanner} from '../ui/shared/UpdateBanner';
import {TeamStatus} from '../ui/team/TeamStatus';
import {connectDeviceStorage} from './device-storage';
import {lazyPanel} from './lazy-panel';
import {useLatch} from './useLatch';
import {urlWithLang} from './url-lang';
import {useUndoShortcuts} from './useUndoShortcuts';

// Panels not needed at first paint (issue 11: initial JS ≤ 400 kB gzip), each behind its own Suspense.
const ConflictDialog = lazyPanel(() => import('../ui/field/ConflictDialog').then((m) => m.ConflictDialog));
const PlotForm = lazyPanel(() => import('../ui/field/PlotForm').then((m) => m.PlotForm));
const WalkPanel = lazyPanel(() => import('../ui/field/WalkPanel').then((m) => m.WalkPanel));
const PackPanel = lazyPanel(() => import('../ui/packs/PackPanel').then((m) => m.PackPanel));
const ExportPanel = lazyPanel(() => import('../ui/presenter/ExportPanel').then((m) => m.ExportPanel));
const PresenterOverlay = lazyPanel(() => import('../ui/presenter/PresenterOverlay').then((m) => m.PresenterOverlay));
const SlidePanel = lazyPanel(() => import('../ui/presenter/SlidePanel').then((m) => m.SlidePanel));
// The team sign-in and its conflicts list, with the Plots tab.
const TeamPanel = lazyPanel(() => import('../ui/team/TeamPanel').then((m) => m.TeamPanel));
// Loaded only once an admin has signed in (issue 14 item 8).
const AdminPanel = lazyPanel(() => import('../ui/admin/AdminPanel').then((m) => m.AdminPanel));
// Import/export pulls in parsers and writers (proj4, zip, WKT…): loaded when first shown.
const DataPanel = lazyPanel(() => import('../ui/data/DataPanel').then((m) => m.DataPanel));
// The dashboard's charts (recharts) are only needed once a planner opens it.
const Dashboard = lazyPanel(() => import('../ui/planner/Dashboard').then((m) => m.Dashboard));

/** The desktop's plot form, mounted once first opened (its code is fetched then). */
function FloatingForm() {
  return useLatch(useAppStore((s) => s.form !== null)) ? <PlotForm /> : null;
}

type Tab = 'layers' | 'plots' | 'slides';
const TAB_LABELS = {layers: 'tabLayers', plots: 'tabPlots', slides: 'tabSlides'} as const;

export function App() {
  const lang = useAppStore((s) => s.lang);
  const theme = useAppStore((s) => s.theme);
  const tool = useAppStore((s) => s.tool);
  const loadGeodata = useAppStore((s) => s.loadGeodata);
  const presenting = useAppStore((s) => s.presenting !== null);
  const isAdmin = useAppStore((s) => s.teamSession?.role === 'admin');
  const [tab, setTab] = useState<Tab>('layers');
  const [dashboardOpen, setDashboardOpen] = useState(false);
  const [sheet, setSheet] = useState<SheetState>('peek');
  useUndoShortcuts();

  useEffect(() => {
    void loadGeodata((file) => geodataUrl(file, window.location.href));
    void connectDeviceStorage();
    // Official zone boundaries kept on this device, if a planner loaded some.
    void useAppStore.getState().loadStoredZones();
    void useAppStore.getState().loadPacks();
  }, [loadGeodata]);

  useEffect(() => useAppStore.getState().followZonesInOtherTabs(), []);
  // Team sync: does nothing until someone signs in (no request but to this site's own files).
  useEffect(() => useAppStore.getState().startTeamSync(), []);

  useEffect(() => {
    document.documentElement.lang = localeOf(lang);
    document.title = t('appTitle', lang);
    const next = urlWithLang(window.location.href, lang);
    if (next !== window.location.href) window.history.replaceState(window.history.state, '', next);
  }, [lang]);

  // Starting a field tool or picking a plot on the map brings its panel forward.
  useEffect(
    () =>
      useAppStore.subscribe((s, prev) => {
        if ((s.tool !== prev.tool && s.tool !== 'none') || (s.selectedPlotId !== prev.selectedPlotId && s.selectedPlotId)) setTab('plots');
        // On a phone a form or a picked feature raises the sheet to half, over the map's lower part
        // (the map keeps the form's plot in view above it); a feature's info is on the Layers tab.
        const raise = (s.form !== null && prev.form === null) || (s.selected !== null && s.selected !== prev.selected);
        if (raise && window.matchMedia(PHONE_QUERY).matches) {
          setSheet((state) => (state === 'peek' ? 'half' : state));
          if (s.selected !== prev.selected) setTab('layers');
        }
      }),
    [],
  );

  const phone = useMediaQuery(PHONE_QUERY);
  // On a phone the panels make way for the form; on a desktop it floats over the map
  // (FloatingForm), and opening or closing it (every save) does not render App and all its panels again.
  const formOpen = useAppStore((s) => phone && s.form !== null);
  const featureSelected = useAppStore((s) => s.selected !== null);
  // Each lazy panel is mounted when first needed, so its code is not fetched at start (issue 11).
  const conflictSeen = useLatch(useAppStore((s) => s.conflicts.length > 0));
  const presentedOnce = useLatch(presenting);
  const plotsSeen = useLatch(tab === 'plots');
  const slidesSeen = useLatch(tab === 'slides');
  const map = useMapCommands();
  const onCover = useCallback((px: number) => void map.setViewInset(px).catch(() => undefined), [map]);

  const panels = (
    <>
      {phone && formOpen && <PlotForm />}
      <div className="tabs" role="tablist" aria-label={t('layers', lang)} hidden={phone && formOpen}>
        {(['layers', 'plots', 'slides'] as const).map((id) => (
          <button key={id} type="button" role="tab" aria-selected={tab === id} id={`tab-${id}`} aria-controls={`panel-${id}`}
            onClick={() => setTab(id)}>
            {t(TAB_LABELS[id], lang)}
          </button>
        ))}
      </div>
      <div role="tabpanel" id="panel-layers" aria-labelledby="tab-layers" hidden={tab !== 'layers' || (phone && formOpen)}>
        {/* A picked feature's info first, in view; on a desktop it floats over the map instead. */}
        {(phone || !featureSelected) && <InfoPanel />}
        <LayerPanel />
        <PackPanel />
        {isAdmin && <AdminPanel />}
      </div>
      <div role="tabpanel" id="panel-plots" aria-labelledby="tab-plots" hidden={tab !== 'plots' || (phone && formOpen)}>
        <FieldToolbar />
        {tool === 'walk' && <WalkPanel />}
        <StoragePanel />
        {plotsSeen && <TeamPanel />}
        <PlotList />
        {tab === 'plots' && <DataPanel />}
      </div>
      <div role="tabpanel" id="panel-slides" aria-labelledby="tab-slides" hidden={tab !== 'slides' || (phone && formOpen)}>
        {slidesSeen && <SlidePanel />}
        {slidesSeen && <ExportPanel />}
      </div>
    </>
  );

  return (
    <div className={`app theme-${theme}${presenting ? ' presenting' : ''}${dashboardOpen ? ' with-dashboard' : ''}${phone ? ' phone' : ''}`}>
      <AppHeader dashboardOpen={dashboardOpen} onToggleDashboard={() => setDashboardOpen(!dashboardOpen)} status={<TeamStatus />} />
      <UpdateBanner />
      <main className="app-main">
        <BottomSheet enabled={phone && !presenting} state={sheet} onStateChange={setSheet} onCover={onCover} className="sidebar">
          {panels}
        </BottomSheet>
        <div className="map-area">
          <MapView />
          <CoverageNotice />
          {!phone && <FloatingForm />}
          {!phone && featureSelected && <div className="info-float"><InfoPanel /></div>}
          {conflictSeen && <ConflictDialog />}
          {presentedOnce && <PresenterOverlay />}
          <MapLegend className="print-legend" />
        </div>
        {dashboardOpen && !presenting && <Dashboard onClose={() => setDashboardOpen(false)} />}
      </main>
      <StatusBar />
    </div>
  );
}
