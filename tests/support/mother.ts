import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TypedDocumentInput } from '../../api/core/transfer';

/** A small municipality for tests: one unit, one agreement with a goal, an action, a criterion and an indicator. */
export function smallMunicipality(prefix = 'testby'): TypedDocumentInput {
  return {
    format: 'kvalitetsaftaler/organisation',
    formatVersion: 1,
    municipalityId: prefix,
    people: [
      { id: `${prefix}-leder`, displayName: 'Lone Leder' },
      { id: `${prefix}-chef`, displayName: 'Carl Chef' },
      { id: `${prefix}-medarbejder`, displayName: 'Mette Medarbejder' },
      { id: `${prefix}-kvalitet`, displayName: 'Karen Kvalitet' },
    ],
    units: [
      {
        id: prefix,
        parentId: null,
        kind: 'municipality',
        name: 'Testby Kommune',
        leaderIds: [],
        approverId: null,
        memberIds: [],
        qualityOfficeIds: [`${prefix}-kvalitet`],
      },
      {
        id: `${prefix}-skole`,
        parentId: prefix,
        kind: 'unit',
        name: 'Østre Skole',
        leaderIds: [`${prefix}-leder`],
        approverId: `${prefix}-chef`,
        memberIds: [`${prefix}-medarbejder`],
      },
    ],
    goalLevels: [
      { id: `${prefix}-level-1`, municipalityId: prefix, rank: 1, name: { da: 'Vision', en: 'Vision' } },
      { id: `${prefix}-level-2`, municipalityId: prefix, rank: 2, name: { da: 'Kvalitets- og resultatmål', en: 'Quality and result goal' } },
    ],
    agreements: [
      {
        id: `${prefix}-skole-2026`,
        unitId: `${prefix}-skole`,
        year: 2026,
        title: 'Kvalitetsaftale 2026 for Østre Skole',
        periodStart: '2026-01-01',
        periodEnd: '2026-12-31',
        budget: { amount: 21848850, currency: 'DKK' },
      },
    ],
    goals: [
      { id: `${prefix}-vision`, unitId: prefix, agreementId: null, levelId: `${prefix}-level-1`, year: null, title: 'Børn lærer mere', origin: 'own' },
      {
        id: `${prefix}-goal-1`,
        unitId: `${prefix}-skole`,
        agreementId: `${prefix}-skole-2026`,
        levelId: `${prefix}-level-2`,
        year: 2026,
        title: 'Flere elever læser alderssvarende',
        origin: 'own',
        kind: 'result',
        parentGoalIds: [`${prefix}-vision`],
        followUpMonths: [6, 11],
      },
    ],
    actions: [{ id: `${prefix}-action-1`, goalId: `${prefix}-goal-1`, text: 'Læsebånd hver morgen', dueDate: '2026-06-30' }],
    successCriteria: [{ id: `${prefix}-criterion-1`, goalId: `${prefix}-goal-1`, text: 'Min. 80 % læser alderssvarende', kind: 'result' }],
    indicators: [
      {
        id: `${prefix}-indicator-1`,
        goalId: `${prefix}-goal-1`,
        name: 'Andel elever der læser alderssvarende',
        unitOfMeasure: '%',
        valueType: 'percentage',
        baseline: 70,
        target: 80,
        direction: 'increase',
        frequency: { kind: 'quarterly' },
        measureType: 'result',
        dataSource: 'Nationale test',
      },
    ],
    measurements: [],
    wheelEvents: [],
  };
}

/** A temporary folder for one test file's SQLite files, removed by the returned function. */
export function tempDir(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'kvalitet-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
