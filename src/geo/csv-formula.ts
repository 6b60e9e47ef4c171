/**
 * Text a spreadsheet may read as a formula (OWASP "CSV injection"): `=`, `+`, `-`, `@` in
 * ASCII or full width, also after leading spaces or tabs (Excel and LibreOffice trim them
 * before parsing), and any cell that starts with a tab, carriage return or line feed.
 */
const FORMULA_START = /^(?:[ \t\u00a0\u3000]*[=+\-@＝＋－＠]|[\t\r\n])/;

/** Whether a spreadsheet could read `text` as a formula. */
export const looksLikeFormula = (text: string): boolean => FORMULA_START.test(text);
