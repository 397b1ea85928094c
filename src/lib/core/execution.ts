// What the incident workflow reads about one execution beyond its summary: the tables of a bulk run, the
// console log, the errored records.

/** One schema (table) of a bulk execution: which tables failed, and their counts. */
export interface SchemaRun {
  schema: string;
  status: string;
  statusMessage?: string;
  records?: number;
  errored?: number;
  warnings?: number;
}

/** One console log line; Polytomic keeps only the latest 50 of an execution. */
export interface ConsoleLogEntry {
  at?: string;
  level?: string;
  message: string;
}

/** Signed download links of a record log; they expose record data, so only the person who asked sees them. */
export interface RecordLogLinks {
  urls: string[];
  /** When the links stop working. */
  expiresAt?: string;
}
