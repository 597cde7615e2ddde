// Why: a process (case type) is configured once, in code, and synced to the database at start-up
// (contract section 2). These are the public shapes an implementation team fills in for its process.

export interface StatusDefinition {
  key: string;
  label: string;
  /** Position in the process, 1-based; the lowest is the initial status. */
  order: number;
  /** A final status ends the process (the case is normally closed when it gets one). */
  final: boolean;
}

export interface RoleDefinition { key: string; label: string }

export interface StepDefinition {
  key: string;
  label: string;
  /** ISO-8601 duration; a task in this step without `dueAt` is due at start + term. */
  term?: string;
}

export interface LetterTypeDefinition { key: string; label: string }
export interface ResultDefinition { key: string; label: string }

/** A process-specific field from `case.created` `data.attributes`, usable as KPI filter and group. */
export interface AttributeDefinition {
  key: string;
  label: string;
  /** Known values with labels, so a front end can offer a choice list. */
  values?: { key: string; label: string }[];
}

export interface ProcessDefinition {
  key: string;
  label: string;
  /** ISO-8601 duration: the legal handling term (deadline = created + term). */
  legalTerm: string;
  /** ISO-8601 duration: the extension a `case.deadline_extended` without a deadline grants. */
  extensionTerm?: string;
  statuses: StatusDefinition[];
  roles: RoleDefinition[];
  steps: StepDefinition[];
  letterTypes: LetterTypeDefinition[];
  results: ResultDefinition[];
  attributes?: AttributeDefinition[];
}
