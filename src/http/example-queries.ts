// Why: the example queries a developer sees first in the playground, and the ones docs/ quotes.
// They answer the four Ooievaarspas questions of the contract, per week over the last quarter, by
// status and role.

export interface ExampleQuery { title: string; query: string; variables?: Record<string, unknown> }

const weekly = `dimensions: { caseTypes: ["ooievaarspas"], period: { relative: LAST_QUARTER }, granularity: WEEK, groupBy: [STATUS, ROLE] }`;

export const EXAMPLE_QUERIES: ExampleQuery[] = [
  {
    title: 'Ooievaarspas: de vier stuurvragen',
    query: `# Ooievaarspas: work in stock, past the legal term, termijnbrieven of open requests,
# and the mean lead time of open requests: now, as one request.
query OoievaarspasNu {
  werkvoorraad: kpi(name: "openCases", dimensions: { caseTypes: ["ooievaarspas"] }) { value }
  overTermijn: kpi(name: "overdueCases", dimensions: { caseTypes: ["ooievaarspas"] }) { value }
  termijnbrieven: kpi(name: "openCaseLetters", dimensions: { caseTypes: ["ooievaarspas"] }, params: { letterTypes: ["termijnbrief"] }) { value }
  doorlooptijd: kpi(name: "caseLeadTime", dimensions: { caseTypes: ["ooievaarspas"] }) { value unit }
}
`,
  },
  {
    title: 'Werkvoorraad per week, per status en rol',
    query: `# Work in stock per week over the last quarter, by status and role.
query WerkvoorraadPerWeek {
  kpi(name: "openCases", ${weekly}) {
    name unit value
    period { from to asOf timezone }
    points { bucket groups { by key label } value }
  }
}
`,
  },
  {
    title: 'Over de termijn per week, per status en rol',
    query: `query OverTermijnPerWeek {
  kpi(name: "overdueCases", ${weekly}) {
    value
    points { bucket groups { by key label } value }
  }
}
`,
  },
  {
    title: 'Termijnbrieven bij open aanvragen per week',
    query: `query TermijnbrievenPerWeek {
  kpi(name: "openCaseLetters", params: { letterTypes: ["termijnbrief"] }, ${weekly}) {
    value
    points { bucket groups { by key label } value }
  }
}
`,
  },
  {
    title: 'Doorlooptijd van één aanvraag',
    query: `# The lead time in days of one open request, per week over the last quarter.
query DoorlooptijdAanvraag($caseId: String!) {
  kpi(name: "caseLeadTime", dimensions: { caseId: $caseId, period: { relative: LAST_QUARTER }, granularity: WEEK }) {
    value
    points { bucket value }
  }
}
`,
    variables: { caseId: 'op-000001' },
  },
  {
    title: 'Per-stap tijdigheid',
    query: `# Open requests with an overdue task in the step "beoordelen", per role.
query PerStap {
  kpi(name: "openCases", dimensions: { caseTypes: ["ooievaarspas"], steps: ["beoordelen"], timeliness: OVERDUE, groupBy: [ROLE] }) {
    value
    points { groups { by key label } value }
  }
}
`,
  },
  {
    title: 'Aanvragen per kanaal (procesattribuut)',
    query: `query PerKanaal {
  kpi(name: "aanvragenPerKanaal", dimensions: { period: { relative: LAST_12_MONTHS }, granularity: MONTH }) {
    value
    points { bucket groups { attribute key label } value }
  }
}
`,
  },
  {
    title: 'KPI-catalogus en processen',
    query: `query Catalogus {
  kpis { name title unit kind generic caseTypes params { name type default allowed } }
  caseTypes { key label legalTerm statuses { key label order final } roles { key label } steps { key label term } attributes { key label values { key label } } }
}
`,
  },
];
