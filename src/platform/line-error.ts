/**
 * One problem with one cell of an uploaded file (or the whole line when `column` is null), as the API
 * reports it: the portfolio import and the index table (IPCA) upload validate files the same way.
 */
export interface LineError {
  line: number;
  column: string | null;
  value: string | null;
  message: string;
}
