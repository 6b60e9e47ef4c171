/** Full screen where the browser allows it (it needs a user gesture); presenting works without. */
export function enterFullScreen(): void {
  if (document.fullscreenElement || !document.documentElement.requestFullscreen) return;
  document.documentElement.requestFullscreen().catch(() => {});
}

export function leaveFullScreen(): void {
  if (document.fullscreenElement) document.exitFullscreen().catch(() => {});
}

export function toggleFullScreen(): void {
  if (document.fullscreenElement) leaveFullScreen();
  else enterFullScreen();
}
