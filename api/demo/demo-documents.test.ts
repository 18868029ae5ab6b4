import { OrganisationDocument, type TypedDocumentInput } from '../core/transfer';
import { assens, DEMO_DOCUMENTS, hoejeTaastrup, oesteraaker, silkeborg } from './index';

const NAMED = [
  ['silkeborg', silkeborg],
  ['hoeje-taastrup', hoejeTaastrup],
  ['assens', assens],
  ['oesteraaker', oesteraaker],
] as const;

function allIds(doc: TypedDocumentInput): string[] {
  const ids: string[] = [];
  for (const [key, value] of Object.entries(doc)) {
    if (!Array.isArray(value)) continue;
    for (const r of value as { id: string }[]) ids.push(`${r.id}`);
    void key;
  }
  return ids;
}

function idSet<T extends { id: string }>(records: T[] | undefined): Set<string> {
  return new Set((records ?? []).map((r) => r.id));
}

/** Every reference in the document, as [description, id, the set it must be in]. */
function references(doc: TypedDocumentInput): [string, string, Set<string>][] {
  const people = idSet(doc.people);
  const units = idSet(doc.units);
  const levels = idSet(doc.goalLevels);
  const agreements = idSet(doc.agreements);
  const goals = idSet(doc.goals);
  const indicators = idSet(doc.indicators);
  const refs: [string, string, Set<string>][] = [];
  const add = (what: string, id: string | null | undefined, set: Set<string>) => {
    if (id !== null && id !== undefined) refs.push([what, id, set]);
  };
  for (const u of doc.units ?? []) {
    add(`unit ${u.id}.parentId`, u.parentId, units);
    add(`unit ${u.id}.approverId`, u.approverId, people);
    for (const p of u.leaderIds) add(`unit ${u.id}.leaderIds`, p, people);
    for (const p of u.memberIds) add(`unit ${u.id}.memberIds`, p, people);
  }
  for (const l of doc.goalLevels ?? []) add(`goalLevel ${l.id}.municipalityId`, l.municipalityId, units);
  for (const a of doc.agreements ?? []) {
    add(`agreement ${a.id}.unitId`, a.unitId, units);
    for (const p of a.parties ?? []) add(`agreement ${a.id}.parties.personId`, p.personId, people);
    for (const s of a.signatures ?? []) add(`agreement ${a.id}.signatures.personId`, s.personId, people);
  }
  for (const g of doc.goals ?? []) {
    add(`goal ${g.id}.unitId`, g.unitId, units);
    add(`goal ${g.id}.agreementId`, g.agreementId, agreements);
    add(`goal ${g.id}.levelId`, g.levelId, levels);
    add(`goal ${g.id}.sharedFromUnitId`, g.sharedFromUnitId, units);
    add(`goal ${g.id}.carriedOverFromGoalId`, g.carriedOverFromGoalId, goals);
    add(`goal ${g.id}.ownerId`, g.ownerId, people);
    for (const p of g.parentGoalIds ?? []) add(`goal ${g.id}.parentGoalIds`, p, goals);
  }
  for (const a of doc.actions ?? []) {
    add(`action ${a.id}.goalId`, a.goalId, goals);
    add(`action ${a.id}.ownerId`, a.ownerId, people);
  }
  for (const c of doc.successCriteria ?? []) add(`successCriterion ${c.id}.goalId`, c.goalId, goals);
  for (const i of doc.indicators ?? []) {
    add(`indicator ${i.id}.goalId`, i.goalId, goals);
    add(`indicator ${i.id}.ownerId`, i.ownerId, people);
  }
  for (const m of doc.measurements ?? []) {
    add(`measurement ${m.id}.indicatorId`, m.indicatorId, indicators);
    add(`measurement ${m.id}.enteredBy`, m.enteredBy, people);
    for (const h of m.history ?? []) add(`measurement ${m.id}.history.enteredBy`, h.enteredBy, people);
  }
  for (const e of doc.wheelEvents ?? []) add(`wheelEvent ${e.id}.unitId`, e.unitId, units);
  return refs;
}

/** All strings anywhere in the document. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

describe('demo documents', () => {
  it('exports the four documents in order', () => {
    expect(DEMO_DOCUMENTS.map((d) => d.municipalityId)).toEqual(['silkeborg', 'hoeje-taastrup', 'assens', 'oesteraaker']);
  });

  describe.each(NAMED)('%s', (prefix, doc) => {
    it('is accepted by OrganisationDocument.parse', () => {
      const r = OrganisationDocument.safeParse(doc);
      if (!r.success) throw new Error(JSON.stringify(r.error.issues.slice(0, 5), null, 2));
    });

    it('has unique ids, all with the municipality prefix', () => {
      const ids = allIds(doc);
      expect(new Set(ids).size).toBe(ids.length);
      for (const id of ids) expect(id === prefix || id.startsWith(`${prefix}-`)).toBe(true);
    });

    it('has every reference pointing at a record of the same document', () => {
      const broken = references(doc)
        .filter(([, id, set]) => !set.has(id))
        .map(([what, id]) => `${what} → ${id}`);
      expect(broken).toEqual([]);
    });

    it('has a municipality root that every unit descends from', () => {
      const units = new Map((doc.units ?? []).map((u) => [u.id, u]));
      const root = units.get(doc.municipalityId);
      expect(root?.kind).toBe('municipality');
      expect(root?.parentId).toBeNull();
      for (const u of units.values()) {
        let cur = u;
        for (let depth = 0; cur.parentId !== null; depth++) {
          expect(depth).toBeLessThan(10);
          const parent = units.get(cur.parentId);
          expect(parent).toBeDefined();
          cur = parent!;
        }
        expect(cur.id).toBe(doc.municipalityId);
      }
      for (const l of doc.goalLevels ?? []) expect(l.municipalityId).toBe(doc.municipalityId);
    });

    it('names its source and gives each unit a clearly marked demo staff member', () => {
      expect(doc.source).toMatch(/^Seed 00\d_[0-9a-f]+\.txt/);
      const people = new Map((doc.people ?? []).map((p) => [p.id, p]));
      for (const u of doc.units ?? []) {
        expect(u.memberIds.some((id) => /^Demo /.test(people.get(id)?.displayName ?? ''))).toBe(true);
      }
      for (const p of doc.people ?? []) if (p.email !== undefined) expect(p.email).toMatch(/@example\.org$/);
    });

    it('keeps no PDF hyphenation artefacts and no empty texts', () => {
      const all = strings(doc);
      // A word broken at a line end looks like "ram- mer": lower-case letter, hyphen, space, lower-case letter,
      // except before "og"/"och" ("Job- og Borgerservice", "Budget- och kvalitetsenheten").
      const broken = all.filter((s) => /\p{Ll}- (?!og |och |eller )\p{Ll}/u.test(s));
      expect(broken).toEqual([]);
      expect(all.filter((s) => s.trim() === '' && s !== '')).toEqual([]);
    });
  });

  it('has ids unique across all documents', () => {
    const ids = DEMO_DOCUMENTS.flatMap((d) => allIds(d));
    expect(new Set(ids).size).toBe(ids.length);
  });

  describe('faithful texts', () => {
    it('Silkeborg: budget, mission, goal table', () => {
      const agreement = silkeborg.agreements![0]!;
      expect(agreement.budget).toEqual({ amount: 21848850, currency: 'DKK', label: 'Driftsbudget for 2015' });
      expect(agreement.publishBy).toBe('2015-01-31');
      expect(agreement.missionVision!.find((m) => m.owner === 'Job- og Borgerservice')?.mission).toBe('Vi åbner døre til nye muligheder');
      const all = strings(silkeborg);
      expect(all).toContain('Vi åbner døre til nye muligheder');
      expect(all.some((s) => s.includes('institutionslederne og den budgetansvarlige chef'))).toBe(true);
      expect(all.some((s) => s.includes('som ike direkte er afledt af bevillingsmålene'))).toBe(true);
      expect(all.some((s) => s.includes('Aftalerne offentliggøres på kommunens hjemmeside senest 31. januar 2015.'))).toBe(true);
      const texts = [...silkeborg.actions!, ...silkeborg.successCriteria!].map((r) => r.text);
      expect(texts).toContain(
        'Vi inddrager frivillige og netværk, og iværksætter samarbejder på de områder af Borgerservice, hvor det er muligt at lave formaliserede samarbejder.',
      );
      expect(texts).toContain('Der er frivillige i Borgerservice.');
      expect(texts.some((t) => t.includes('i samarbejde xxxxxx xxxxxxxxxxx og leder'))).toBe(true);
      const institutionGoals = silkeborg.goals!.filter((g) => g.agreementId !== null);
      expect(institutionGoals).toHaveLength(3);
      for (const g of institutionGoals) expect(g.parentGoalIds).toHaveLength(1);
      expect(silkeborg.goals!.filter((g) => g.agreementId === null).map((g) => g.title)).toEqual([
        'Øget digitalisering',
        'Borgerne og virksomheder oplever at være i samspil med Silkeborg Kommune og oplever god service',
        'Organisatorisk og faglig udvikling',
      ]);
    });

    it('Høje-Taastrup: 2 shared and 4 own goals, follow-up months, truncated words kept', () => {
      const goals = hoejeTaastrup.goals!.filter((g) => g.agreementId === 'hoeje-taastrup-team-myndighed-2016');
      expect(goals.filter((g) => g.origin === 'shared')).toHaveLength(2);
      expect(goals.filter((g) => g.origin === 'own')).toHaveLength(4);
      for (const g of goals.filter((g) => g.origin === 'shared')) {
        expect(g.sharedFromUnitId).toBe('hoeje-taastrup-shc');
        expect(g.parentGoalIds).toHaveLength(1);
      }
      const byTitle = new Map(goals.map((g) => [g.title, g]));
      expect(byTitle.get('Proaktiv klagesagsbehandling')?.followUpMonths).toEqual([6, 11]);
      expect(byTitle.get('Effektmål og tæt samarbejde omkring brugeren')?.followUpMonths).toEqual([3, 6, 9, 12]);
      expect(byTitle.get('Økonomi- og aktivitetsstyring version 2.0')?.followUpMonths).toHaveLength(12);
      const agreement = hoejeTaastrup.agreements![0]!;
      expect(agreement.documentDate).toBe('2015-12-04');
      expect(agreement.budget?.amount).toBeNull();
      expect(agreement.budget?.note).toMatch(/^Den samlede økonomiske ramme for enheden udgør i 2016: \[ kr\.\]/);
      const all = strings(hoejeTaastrup);
      for (const fragment of ['ne er ikke defineret endnu', 'sarbejde og løbende opfølgning', 'omrfådet', 'aftale for 2015 som en metode til opfølgning']) {
        expect(all.some((s) => s.includes(fragment))).toBe(true);
      }
      const kinds = new Set(hoejeTaastrup.successCriteria!.map((c) => c.kind));
      expect(kinds).toEqual(new Set(['effect', 'result', 'activity']));
    });

    it('Assens: the chain from vision to kvalitets- og resultatmål, indicators and wheel', () => {
      const goals = new Map(assens.goals!.map((g) => [g.id, g]));
      const levels = new Map(assens.goalLevels!.map((l) => [l.id, l]));
      // Every kvalitets- og resultatmål leads up to the vision through one parent per level.
      const quality = assens.goals!.filter((g) => g.agreementId === 'assens-jobcentret-2009');
      expect(quality).toHaveLength(7);
      for (const q of quality) {
        const ranks: number[] = [];
        let cur = q;
        for (;;) {
          ranks.push(levels.get(cur.levelId)!.rank);
          const parent = cur.parentGoalIds?.[0];
          if (parent === undefined) break;
          cur = goals.get(parent)!;
        }
        expect(ranks).toEqual([4, 3, 2, 2, 1]);
      }
      expect(assens.goals!.filter((g) => g.levelId === 'assens-level-servicemaal')).toHaveLength(5);
      const sick = assens.indicators!.find((i) => i.name.includes('sygedagpengesager over 52 uger'))!;
      expect(sick).toMatchObject({
        dataSource: 'Workbase',
        direction: 'decrease',
        target: null,
        targetText: 'max. xx helårspersoner i 2009',
        measureType: 'result',
      });
      expect(sick.frequency).toEqual({ kind: 'monthly' });
      expect(assens.measurements!.filter((m) => m.indicatorId === sick.id)).toHaveLength(6);
      for (const m of assens.measurements!) expect(m.comment).toBe('Demoværdi – ikke fra kildedokumentet');
      const satisfaction = assens.indicators!.filter((i) => i.frequency.kind === 'yearly');
      expect(satisfaction).toHaveLength(2);
      for (const i of satisfaction) expect(i.frequency).toEqual({ kind: 'yearly', month: 11 });
      const dialogues = assens.wheelEvents!.filter((e) => e.kind === 'dialogue_meeting').map((e) => e.month);
      expect(dialogues.some((m) => m <= 3)).toBe(true);
      expect(dialogues.some((m) => m >= 7 && m <= 9)).toBe(true);
      expect(goals.get('assens-job-og-arbejdsmarked-2009-servicemaal-1')?.schema?.evaluationAndDocumentation).toMatch(
        /^Senest med udgangen af 1\. kvartal 2010/,
      );
      expect(assens.agreements![0]!.parties!.map((p) => p.role).sort()).toEqual(['board_chair', 'chief', 'leader', 'works_council_deputy']);
    });

    it('Österåker: levels and the monthly follow-ups of the annual wheel', () => {
      expect(oesteraaker.goalLevels!.map((l) => l.name.sv)).toEqual(['Vision', 'Inriktningsmål', 'Resultatmål (nämnd)', 'Resultatmål (enhet)']);
      const followUps = oesteraaker.wheelEvents!.filter((e) => e.kind === 'follow_up').map((e) => e.month);
      expect(followUps).toEqual([2, 3, 4, 5, 6, 9, 10, 11]);
      for (const e of oesteraaker.wheelEvents!) {
        expect(e.title.sv).toBeDefined();
        expect(e.title.en).toBeDefined();
      }
      const kinds = new Set(oesteraaker.wheelEvents!.map((e) => e.kind));
      for (const k of ['report', 'dialogue_meeting', 'approval']) expect(kinds.has(k as never)).toBe(true);
    });
  });
});
