// Why: a second, different process shows that nothing in the engine is Ooievaarspas-specific:
// other statuses (two final ones), other roles, a shorter legal term and step terms in days.
import { ProcessDefinition } from './types';

export const parkeervergunning: ProcessDefinition = {
  key: 'parkeervergunning',
  label: 'Parkeervergunning bewoners',
  legalTerm: 'P4W',
  extensionTerm: 'P4W',
  statuses: [
    { key: 'aangevraagd', label: 'Aangevraagd', order: 1, final: false },
    { key: 'controle', label: 'Kenteken en adres in controle', order: 2, final: false },
    { key: 'wacht_op_betaling', label: 'Wacht op betaling', order: 3, final: false },
    { key: 'verleend', label: 'Vergunning verleend', order: 4, final: true },
    { key: 'afgewezen', label: 'Afgewezen', order: 5, final: true },
    { key: 'ingetrokken', label: 'Ingetrokken door aanvrager', order: 6, final: true },
  ],
  roles: [
    { key: 'medewerker', label: 'Medewerker vergunningen' },
    { key: 'coordinator', label: 'Coördinator' },
  ],
  steps: [
    { key: 'kenteken_controleren', label: 'Kenteken controleren', term: 'P2D' },
    { key: 'beoordelen', label: 'Beoordelen', term: 'P5D' },
    { key: 'betaling', label: 'Betaling afwachten', term: 'P14D' },
  ],
  letterTypes: [
    { key: 'ontvangstbevestiging', label: 'Ontvangstbevestiging' },
    { key: 'betaalverzoek', label: 'Betaalverzoek' },
    { key: 'besluit', label: 'Besluit' },
  ],
  results: [
    { key: 'verleend', label: 'Verleend' },
    { key: 'afgewezen', label: 'Afgewezen' },
    { key: 'ingetrokken', label: 'Ingetrokken' },
  ],
  attributes: [
    {
      key: 'zone',
      label: 'Parkeerzone',
      values: [
        { key: 'centrum', label: 'Centrum' },
        { key: 'scheveningen', label: 'Scheveningen' },
        { key: 'overig', label: 'Overige zones' },
      ],
    },
  ],
};
