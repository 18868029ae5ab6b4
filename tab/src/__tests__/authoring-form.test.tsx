/** @jest-environment jsdom */
import { bodyOf, validate, valuesOf, type FieldSpec } from '../authoring/form';

/**
 * The agreement's forms check what they would write with the core's own schema and speak the user's language:
 * a rule of the core (at most two decimals, a range needs its upper bound) lands under the field it concerns.
 */
const agreement = {
  id: 'a1',
  unitId: 'u1',
  year: 2010,
  title: 'Kvalitetsaftale 2010',
  periodStart: '2010-01-01',
  periodEnd: '2010-12-31',
  status: 'draft',
  version: 1,
  parties: [],
  budget: null,
  missionVision: [],
  facts: [],
  challenges: [],
  statements: [],
  keyFigures: [],
  sections: [],
  signatures: [],
};
const budgetFields: FieldSpec[] = [
  { name: 'amount', label: 'Beløb', type: 'number', empty: 'null' },
  { name: 'currency', label: 'Valuta', type: 'select', options: [{ value: 'DKK', text: 'DKK' }] },
];

describe('the tab validates as the core does', () => {
  it('reads a Danish number and names the budget rule broken, in Danish, under the amount', () => {
    const { body, errors } = bodyOf(budgetFields, { amount: '12,345', currency: 'DKK' }, 'da');
    expect(errors).toEqual({});
    expect(body).toEqual({ amount: 12.345, currency: 'DKK' });
    const result = validate(budgetFields, { kind: 'agreement', record: { ...agreement, budget: body }, prefix: ['budget'] }, 'da');
    expect(result).toEqual({ byField: { amount: 'højst to decimaler' }, other: [] });
    expect(
      validate(budgetFields, { kind: 'agreement', record: { ...agreement, budget: { amount: 21500000, currency: 'DKK' } }, prefix: ['budget'] }, 'da'),
    ).toEqual({ byField: {}, other: [] });
  });

  it('says a text is no number before asking the schema', () => {
    expect(bodyOf(budgetFields, { amount: 'mange', currency: 'DKK' }, 'sv').errors).toEqual({ amount: 'Skriv ett tal, t.ex. 87 eller 87,5.' });
  });

  it("puts an indicator's range rule under its upper bound, in Swedish", () => {
    const fields: FieldSpec[] = [
      { name: 'name', label: 'Namn', type: 'text' },
      { name: 'target', label: 'Målvärde', type: 'number', empty: 'null' },
      { name: 'targetMax', label: 'Övre gräns', type: 'number', empty: 'null' },
    ];
    const indicator = { goalId: 'g1', name: 'Andel', unitOfMeasure: '%', direction: 'range', frequency: { kind: 'quarterly' }, measureType: 'result' };
    const { body } = bodyOf(fields, { name: '', target: '10', targetMax: '' }, 'sv');
    const { byField } = validate(fields, { kind: 'indicator', record: { ...indicator, ...body }, prefix: [] }, 'sv');
    expect(byField.targetMax).toBe('ett intervall kräver både nedre (target) och övre gräns (targetMax)');
    expect(byField.name).toBeDefined();
  });

  it('shows stored numbers with the decimal comma of Danish and Swedish', () => {
    expect(valuesOf(budgetFields, { amount: 87.5, currency: 'DKK' }, 'da')).toEqual({ amount: '87,5', currency: 'DKK' });
    expect(valuesOf(budgetFields, { amount: 87.5, currency: 'DKK' }, 'en')).toEqual({ amount: '87.5', currency: 'DKK' });
  });
});
