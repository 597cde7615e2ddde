// Why: the Ooievaarspas (The Hague city pass) is the reference process of the contract
// (section 2); its keys and terms are fixed there. Step terms are ours: they are what a team
// handling these requests plans with.
import { ProcessDefinition } from './types';

export const ooievaarspas: ProcessDefinition = {
  key: 'ooievaarspas',
  label: 'Ooievaarspas',
  legalTerm: 'P8W',
  extensionTerm: 'P6W',
  statuses: [
    { key: 'ontvangen', label: 'Aanvraag ontvangen', order: 1, final: false },
    { key: 'in_behandeling', label: 'In behandeling genomen', order: 2, final: false },
    { key: 'informatieverzoek', label: 'Informatieverzoek uitgezet', order: 3, final: false },
    { key: 'afgehandeld', label: 'Afgehandeld', order: 4, final: true },
  ],
  roles: [
    { key: 'behandelaar', label: 'Behandelaar' },
    { key: 'senior', label: 'Senior behandelaar' },
    { key: 'manager', label: 'Manager' },
  ],
  steps: [
    { key: 'intake', label: 'Intake', term: 'P3D' },
    { key: 'beoordelen', label: 'Beoordelen', term: 'P2W' },
    { key: 'informatie_opvragen', label: 'Informatie opvragen', term: 'P2W' },
    { key: 'besluiten', label: 'Besluiten', term: 'P1W' },
  ],
  letterTypes: [
    { key: 'termijnbrief', label: 'Termijnbrief' },
    { key: 'informatieverzoek', label: 'Informatieverzoek' },
    { key: 'besluit', label: 'Besluit' },
  ],
  results: [
    { key: 'verstrekt', label: 'Verstrekt' },
    { key: 'geweigerd', label: 'Geweigerd' },
    { key: 'afgebroken', label: 'Afgebroken' },
    { key: 'beeindigd', label: 'Beëindigd' },
  ],
  attributes: [
    {
      key: 'kanaal',
      label: 'Kanaal',
      values: [
        { key: 'digitaal', label: 'Digitaal (website)' },
        { key: 'balie', label: 'Balie' },
        { key: 'post', label: 'Post' },
      ],
    },
    {
      key: 'doelgroep',
      label: 'Doelgroep',
      values: [
        { key: 'minimum', label: 'Minimuminkomen' },
        { key: 'aow', label: 'AOW-gerechtigde' },
        { key: 'student', label: 'Student' },
      ],
    },
  ],
};
