// fontkit ships no types; the tests use only this much of it.
declare module 'fontkit' {
  export function openSync(path: string): unknown;
}
