const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids are UUIDs; checking the shape first turns a malformed id into a 404 instead of a SQL error. */
export function isUuid(value: string): boolean {
  return UUID_RE.test(value);
}
